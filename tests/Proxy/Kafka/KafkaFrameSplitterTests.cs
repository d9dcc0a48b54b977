using KafkaChaos.Proxy.Core;
using KafkaChaos.Proxy.Kafka;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Kafka;

internal sealed class KafkaFrameSplitterTests
{
    private const int MaxFrame = 1 << 20;

    [Test]
    public void One_byte_slices_give_the_same_frames_as_one_read()
    {
        byte[] stream = [.. KafkaFrames.ProduceRequest(1, 1, 300), .. KafkaFrames.FetchRequest(2, 3), .. KafkaFrames.Request(3, 1, 3, "x", [])];

        var whole = Split(false, new KafkaConnectionState(), [stream]);
        var sliced = Split(false, new KafkaConnectionState(), stream.Select(b => new[] { b }).ToArray());

        Assert.That(Describe(sliced), Is.EqualTo(Describe(whole)));
        Assert.That(whole.Where(c => c.IsFrameStart).Select(c => c.Frame!.CorrelationId), Is.EqualTo(new int?[] { 1, 2, 3 }));
        Assert.That(Concat(sliced), Is.EqualTo(stream));
        Assert.That(whole.Single(c => c.IsFrameStart && c.Frame!.Request?.ApiKey == 1).Frame!.Request!.Value.ReplicaId, Is.EqualTo(3));
    }

    [Test]
    public void Chunks_never_span_frames_and_the_header_is_held_only_until_parsed()
    {
        var produce = KafkaFrames.ProduceRequest(1, 1, 5000);
        var chunks = Split(false, new KafkaConnectionState(), [produce]);

        Assert.That(chunks[0].IsFrameStart, Is.True);
        Assert.That(chunks[0].Length, Is.LessThan(64), "only size + header + acks are held back");
        Assert.That(chunks[^1].IsFrameEnd, Is.True);
        Assert.That(chunks.All(c => c.Frame is not null));
    }

    [Test]
    public void Responses_pair_with_requests_by_correlation_id_skipping_acks_zero()
    {
        var state = new KafkaConnectionState();
        Split(false, state, [[.. KafkaFrames.ProduceRequest(1, 0), .. KafkaFrames.ProduceRequest(2, 1), .. KafkaFrames.FetchRequest(3, -1)]]);
        Assert.That(state.PendingCount, Is.EqualTo(2), "acks=0 produce gets no response");

        var responses = Split(true, state, [[.. Response(2), .. Response(3)]]);
        var paired = responses.Where(c => c.IsFrameStart).Select(c => (c.Frame!.CorrelationId, c.Frame.Request?.ApiKey)).ToList();

        Assert.That(paired, Is.EqualTo(new (int?, short?)[] { (2, 0), (3, 1) }));
        Assert.That(state.PendingCount, Is.Zero);
    }

    [Test]
    public void Unknown_correlation_id_is_unpaired_and_keeps_the_queue()
    {
        var state = new KafkaConnectionState();
        Split(false, state, [KafkaFrames.FetchRequest(5, -1)]);
        var responses = Split(true, state, [Response(99)]);

        Assert.That(responses[0].Frame!.Request, Is.Null);
        Assert.That(state.PendingCount, Is.EqualTo(1));
    }

    [Test]
    public void Observing_without_chunks_allocates_nothing_per_frame()
    {
        var state = new KafkaConnectionState();
        var requests = new KafkaFrameSplitter(false, state, MaxFrame, _ => { });
        var responses = new KafkaFrameSplitter(true, state, MaxFrame, _ => { });
        byte[] produce = [.. KafkaFrames.ProduceRequest(1, 1, 900)];
        var response = Response(1);
        // Warm up: JIT, the pending queue's array, the client id cache.
        for (var i = 0; i < 100; i++)
        {
            requests.Split(produce, 0, null);
            responses.Split(response, 0, null);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            requests.Split(produce, 0, null);
            responses.Split(response, 0, null);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1024), "no per-frame records on the no-toxic path");
        Assert.That(state.PendingCount, Is.Zero, "yet every response was paired");
    }

    [Test]
    public void A_frame_observed_without_chunks_gets_its_header_when_chunks_start_mid_frame()
    {
        // A toxic added while a frame streams through: the rest of that frame must carry its parsed header.
        var state = new KafkaConnectionState();
        var splitter = new KafkaFrameSplitter(false, state, MaxFrame, _ => { });
        var produce = KafkaFrames.ProduceRequest(7, 1, 500);
        splitter.Split(produce.AsSpan(0, 100), 0, null);
        var output = new List<StreamChunk>();
        splitter.Split(produce.AsSpan(100), 0, output);

        Assert.That(output.Select(c => c.Frame!.Request?.ApiKey), Is.All.EqualTo((short?)0));
        Assert.That(output[0].Frame!.CorrelationId, Is.EqualTo(7));
        Assert.That(output.Select(c => c.Frame).Distinct().Count(), Is.EqualTo(1), "one frame instance for all its chunks");
        Assert.That(output[^1].IsFrameEnd, Is.True);
        Assert.That(Concat(output), Is.EqualTo(produce[100..]));

        var responses = new KafkaFrameSplitter(true, state, MaxFrame, _ => { });
        var paired = new List<StreamChunk>();
        responses.Split(Response(7), 0, paired);
        Assert.That(paired[0].Frame!.Request, Is.EqualTo(output[0].Frame!.Request));
    }

    [Test]
    public void Impossible_size_switches_to_pass_through_without_losing_bytes()
    {
        var log = new List<string>();
        var splitter = new KafkaFrameSplitter(false, new KafkaConnectionState(), MaxFrame, log.Add);
        byte[] garbage = [0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4, 5];
        var output = new List<StreamChunk>();
        splitter.Split(garbage, 0, output);

        Assert.That(splitter.PassThrough, Is.True);
        Assert.That(Concat(output), Is.EqualTo(garbage));
        Assert.That(log, Has.Some.Contains("pass-through"));
    }

    [Test]
    public void Fuzz_random_and_truncated_input_never_throws_and_never_changes_bytes()
    {
        var random = new Random(ProxyHarness.Seed);
        TestContext.Out.WriteLine($"seed {ProxyHarness.Seed}");
        for (var round = 0; round < 500; round++)
        {
            var stream = RandomStream(random);
            var isResponse = random.Next(2) == 0;
            var splitter = new KafkaFrameSplitter(isResponse, new KafkaConnectionState(), 4096, _ => { });
            var output = new List<StreamChunk>();
            var offset = 0;
            while (offset < stream.Length)
            {
                var take = Math.Min(stream.Length - offset, random.Next(1, 64));
                splitter.Split(stream.AsSpan(offset, take), 0, output);
                offset += take;
            }

            var emitted = Concat(output);
            Assert.That(stream.AsSpan(0, emitted.Length).SequenceEqual(emitted), Is.True, $"round {round}: bytes changed");
            // Bytes held back are at most one incomplete frame header.
            Assert.That(stream.Length - emitted.Length, Is.LessThanOrEqualTo(4 + KafkaHeaderParser.MaxProbeBytes), $"round {round}");
        }
    }

    [Test]
    public void Fuzz_switching_between_observing_and_splitting_forwards_every_byte_once_in_order()
    {
        // The proxy's fast path forwards reads itself while the splitter only observes; with toxics it emits
        // chunks. Either way, and switching at any read, the bytes let go must be the stream, once, in order.
        var random = new Random(ProxyHarness.Seed + 1);
        for (var round = 0; round < 500; round++)
        {
            var stream = RandomStream(random);
            var splitter = new KafkaFrameSplitter(random.Next(2) == 0, new KafkaConnectionState(), 4096, _ => { });
            var forwarded = new List<byte>();
            var offset = 0;
            while (offset < stream.Length)
            {
                var take = Math.Min(stream.Length - offset, random.Next(1, 64));
                var read = stream.AsSpan(offset, take);
                offset += take;
                if (random.Next(2) == 0)
                {
                    var output = new List<StreamChunk>();
                    splitter.Split(read, 0, output);
                    forwarded.AddRange(Concat(output));
                }
                else
                {
                    var held = new byte[splitter.HeldBytes];
                    splitter.CopyHeldTo(held);
                    byte[] combined = [.. held, .. read];
                    splitter.Split(read, 0, null);
                    forwarded.AddRange(combined[..(held.Length + take - splitter.HeldBytes)]);
                }
            }

            var tail = new byte[splitter.HeldBytes];
            splitter.CopyHeldTo(tail);
            forwarded.AddRange(tail);
            Assert.That(forwarded.ToArray().AsSpan().SequenceEqual(stream), Is.True, $"round {round}");
        }
    }

    internal static byte[] RandomStream(Random random)
    {
        var parts = new List<byte>();
        var frames = random.Next(1, 6);
        for (var i = 0; i < frames; i++)
        {
            byte[] frame = random.Next(4) switch
            {
                0 => KafkaFrames.ProduceRequest(random.Next(), (short)random.Next(-1, 2), random.Next(0, 200)),
                1 => KafkaFrames.FetchRequest(random.Next(), random.Next(-1, 4)),
                2 => KafkaFrames.Request((short)random.Next(0, 70), (short)random.Next(0, 16), random.Next(), "c", new byte[random.Next(0, 40)]),
                _ => RandomBytes(random, random.Next(0, 40)),
            };
            if (random.Next(5) == 0)
            {
                // Truncated, or with a corrupted byte.
                frame = random.Next(2) == 0 ? frame[..random.Next(0, frame.Length + 1)] : Corrupt(frame, random);
            }

            parts.AddRange(frame);
        }

        return [.. parts];
    }

    private static byte[] Corrupt(byte[] frame, Random random)
    {
        var copy = (byte[])frame.Clone();
        if (copy.Length > 0)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Response(int correlationId)
    {
        var payload = new byte[12];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(payload, correlationId);
        return KafkaFrames.Frame(payload);
    }

    private static List<StreamChunk> Split(bool isResponse, KafkaConnectionState state, byte[][] reads)
    {
        var splitter = new KafkaFrameSplitter(isResponse, state, MaxFrame, _ => { });
        var output = new List<StreamChunk>();
        foreach (var read in reads)
        {
            splitter.Split(read, 0, output);
        }

        return output;
    }

    private static byte[] Concat(IEnumerable<StreamChunk> chunks) => chunks.SelectMany(c => c.Data.ToArray()).ToArray();

    /// <summary>Frame boundaries and metadata, independent of how bytes were cut into reads.</summary>
    private static List<string> Describe(List<StreamChunk> chunks) =>
        chunks.Where(c => c.IsFrameStart).Select(c => $"{c.Frame}").ToList();
}
