using KafkaChaos.History;
using NUnit.Framework;

namespace KafkaChaos.Tests.History;

internal sealed class MessageEnvelopeTests
{
    [TestCase(0, 0L)]
    [TestCase(7, 123_456_789_012L)]
    [TestCase(int.MaxValue, long.MaxValue)]
    [TestCase(-1, -5L)]
    public void Round_trips(int producer, long sequence)
    {
        var id = new MessageId(producer, sequence);
        var value = MessageEnvelope.Encode(id, 100);
        Assert.That(value, Has.Length.EqualTo(100));
        Assert.That(MessageEnvelope.TryDecode(value, out var decoded), Is.True);
        Assert.That(decoded, Is.EqualTo(id));
    }

    [TestCase(0)]
    [TestCase(5)]
    [TestCase(MessageEnvelope.MinimumSize)]
    public void Small_sizes_become_the_minimum(int requested) =>
        Assert.That(MessageEnvelope.Encode(new MessageId(1, 2), requested), Has.Length.EqualTo(MessageEnvelope.MinimumSize));

    [Test]
    public void Every_single_byte_corruption_of_the_header_is_rejected()
    {
        var value = MessageEnvelope.Encode(new MessageId(3, 42), 64);
        for (int i = 0; i < MessageEnvelope.MinimumSize; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                var copy = (byte[])value.Clone();
                copy[i] ^= (byte)(1 << bit);
                Assert.That(MessageEnvelope.TryDecode(copy, out _), Is.False, $"byte {i} bit {bit}");
            }
        }
    }

    [Test]
    public void Foreign_and_short_values_are_rejected()
    {
        Assert.That(MessageEnvelope.TryDecode([], out _), Is.False);
        Assert.That(MessageEnvelope.TryDecode("hello, kafka! not an envelope"u8, out _), Is.False);
        Assert.That(MessageEnvelope.TryDecode(MessageEnvelope.Encode(new MessageId(1, 1), 18).AsSpan(0, 17), out _), Is.False);
    }

    [Test]
    public void Padding_does_not_affect_decoding_and_differs_between_ids()
    {
        var a = MessageEnvelope.Encode(new MessageId(1, 1), 64);
        var b = MessageEnvelope.Encode(new MessageId(1, 2), 64);
        Assert.That(a.AsSpan(MessageEnvelope.MinimumSize).SequenceEqual(b.AsSpan(MessageEnvelope.MinimumSize)), Is.False);
        a[^1] ^= 0xFF;
        Assert.That(MessageEnvelope.TryDecode(a, out var id), Is.True);
        Assert.That(id, Is.EqualTo(new MessageId(1, 1)));
    }

    [Test]
    public void Encoding_into_a_too_small_span_throws() =>
        Assert.Throws<ArgumentException>(() => MessageEnvelope.Encode(new MessageId(1, 1), new byte[4]));
}
