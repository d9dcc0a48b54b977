using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using KafkaChaos.Protocol;
using KafkaChaos.Tests.Proxy.Support;

namespace KafkaChaos.Tests.Cluster.Protocol;

/// <summary>
/// A loopback test peer that speaks ApiVersions and Metadata as a broker of <see cref="FakeBrokerProfile"/> would:
/// it advertises the profile's ranges, answers Metadata at the version asked (frames built by the codec whose
/// vectors tests/Protocol checks against the specs) and, like a real broker, closes the connection on an api or
/// version it does not serve. It records what it was asked; it is not a Kafka mock and decides no verdict.
/// </summary>
internal sealed class FakeKafkaBroker : IAsyncDisposable
{
    private readonly LoopbackListener _listener;
    private readonly ConcurrentQueue<(short ApiKey, short ApiVersion)> _requests = new();

    public FakeKafkaBroker(FakeBrokerProfile profile)
    {
        Profile = profile;
        _listener = new LoopbackListener((client, stop) => _ = ServeAsync(client, stop));
    }

    public FakeBrokerProfile Profile { get; }

    public int Port => int.Parse(_listener.Address.Split(':')[1]);

    /// <summary>Every request that arrived, in order, including those refused.</summary>
    public IReadOnlyList<(short ApiKey, short ApiVersion)> Requests => _requests.ToList();

    /// <summary>The cluster it describes: brokers 1-3, topic "t" with one partition led by 2 at epoch 5, broker 3 offline.</summary>
    public static MetadataResponse Cluster(IReadOnlyList<string>? topics) => new(
        [new MetadataBroker(1, "127.0.0.1", 9001), new MetadataBroker(2, "127.0.0.1", 9002), new MetadataBroker(3, "127.0.0.1", 9003)],
        (topics ?? ["t"]).Select(name => name == "t"
            ? new MetadataTopic(0, "t", new Guid(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray(), bigEndian: true), false,
                [new MetadataPartition(9, 0, 2, 5, [2, 1, 3], [2, 1], [3])])
            : new MetadataTopic(3, name, Guid.Empty, false, [])).ToList(),
        ClusterId: "fake-cluster", ControllerId: 1);

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private async Task ServeAsync(Socket client, CancellationToken stop)
    {
        using (client)
        {
            try
            {
                while (await KafkaFrames.ReadFrameAsync(client, stop) is { } payload)
                {
                    var apiKey = BinaryPrimitives.ReadInt16BigEndian(payload);
                    var apiVersion = BinaryPrimitives.ReadInt16BigEndian(payload.AsSpan(2));
                    _requests.Enqueue((apiKey, apiVersion));
                    if (Profile.Range(apiKey) is not { } range || !range.Contains(apiVersion))
                    {
                        if (Profile.SilentOnRefusal) continue;
                        return; // refused: closed
                    }

                    var reader = new KafkaReader(payload, flexible: false);
                    var header = RequestHeader.Read(reader);
                    var writer = ResponseHeader.Start(header);
                    if (apiKey == KafkaMessageSpecs.ApiVersions)
                    {
                        ApiVersionsRequest.Read(reader, apiVersion);
                        new ApiVersionsResponse(0, Profile.ApiVersions!, FinalizedFeaturesEpoch: 7).Write(writer, apiVersion);
                    }
                    else if (apiKey == KafkaMessageSpecs.Metadata)
                    {
                        Cluster(MetadataRequest.Read(reader, apiVersion).Topics).Write(writer, apiVersion);
                    }
                    else
                    {
                        return;
                    }

                    await client.SendAsync(writer.ToFrame(), stop);
                }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException)
            {
            }
        }
    }
}
