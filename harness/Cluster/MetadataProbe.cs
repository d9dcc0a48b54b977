using System.Net.Sockets;
using KafkaChaos.Protocol;

namespace KafkaChaos.Cluster;

/// <summary>
/// Asks one chosen broker for metadata with raw requests on its own port. The harness observes the cluster this
/// way rather than through a client library: a library picks "any" broker, which may be the one a fault has
/// paused, and it would cross the fault proxy the test is driving. The version is negotiated: ApiVersions v0
/// first (served by every broker from 0.10 through 4.x), then the highest Metadata version both sides support
/// (up to v13, flexible, on 4.x, which no longer serves the old versions). A broker before 0.10 has no ApiVersions
/// and is asked Metadata v0 without it when its release is known: 0.9.0.1 neither answers ApiVersions nor closes
/// the connection (its network processor logs "Processor got uncaught exception" and the request hangs, which
/// may also cost other requests in flight on that processor). A broker of unknown release that closes the
/// connection on ApiVersions is asked v0 on a new connection.
/// </summary>
internal static class MetadataProbe
{
    private const string ClientId = "kafka-chaos-observer";

    /// <summary>ApiVersions came with KIP-35 in Kafka 0.10.0.</summary>
    public static readonly Version FirstReleaseWithApiVersions = new(0, 10);

    /// <summary>The Metadata versions the harness encodes and decodes (<see cref="MetadataResponse"/>).</summary>
    public const short MinMetadataVersion = 0;
    public const short MaxMetadataVersion = 13;

    /// <summary>The registered brokers, the partitions asked about, and the topics' error codes.</summary>
    public sealed record Result(IReadOnlyList<int> Brokers, IReadOnlyList<PartitionState> Partitions, IReadOnlyDictionary<string, short> TopicErrors)
    {
        /// <summary>The Metadata version used.</summary>
        public short ApiVersion { get; init; }

        /// <summary>The whole decoded response (leader epochs, offline replicas, error codes, topic ids).</summary>
        public MetadataResponse? Response { get; init; }
    }

    /// <summary>Metadata for <paramref name="topics"/> (all topics when empty) from the broker at 127.0.0.1:<paramref name="port"/>,
    /// of unknown release (negotiated by ApiVersions; do not use against 0.9, see the class summary).</summary>
    public static Task<Result> QueryAsync(int port, IReadOnlyList<string> topics, TimeSpan timeout, CancellationToken cancellationToken) =>
        QueryAsync(port, topics, timeout, release: null, cancellationToken);

    /// <summary>As above, for a broker of Kafka <paramref name="release"/> (null when unknown): before 0.10 it is asked
    /// Metadata v0 directly, otherwise the version is negotiated.</summary>
    public static async Task<Result> QueryAsync(int port, IReadOnlyList<string> topics, TimeSpan timeout, Version? release, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var token = deadline.Token;
        var (connection, version) = release is not null && release < FirstReleaseWithApiVersions
            ? (await KafkaConnection.ConnectAsync(BrokerAddress.Host, port, ClientId, token), (short)0)
            : await NegotiateAsync(port, token);
        using (connection)
        {
            var request = new MetadataRequest(topics.Count == 0 ? null : topics);
            var body = await connection.RequestAsync(KafkaMessageSpecs.Metadata, version, w => request.Write(w, version), token);
            return ToResult(MetadataResponse.Read(body, version), version);
        }
    }

    /// <summary>A connection on which ApiVersions was asked, and the Metadata version to send on it.</summary>
    private static async Task<(KafkaConnection, short)> NegotiateAsync(int port, CancellationToken token)
    {
        var connection = await KafkaConnection.ConnectAsync(BrokerAddress.Host, port, ClientId, token);
        try
        {
            var reader = await connection.RequestAsync(KafkaMessageSpecs.ApiVersions, 0, _ => { }, token);
            return (connection, ChooseMetadataVersion(ApiVersionsResponse.Read(reader, 0), port));
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or SocketException && !token.IsCancellationRequested)
        {
            // A broker without ApiVersions that closes the connection on it: it serves Metadata v0.
            connection.Dispose();
            return (await KafkaConnection.ConnectAsync(BrokerAddress.Host, port, ClientId, token), 0);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The highest Metadata version the broker and the harness share; throws when there is none.</summary>
    internal static short ChooseMetadataVersion(ApiVersionsResponse apiVersions, int port)
    {
        if (apiVersions.ErrorCode != 0)
            throw new InvalidDataException($"Broker on port {port} answered ApiVersions v0 with error {apiVersions.ErrorCode}.");
        var range = apiVersions.Find(KafkaMessageSpecs.Metadata)
            ?? throw new InvalidDataException($"Broker on port {port} lists no Metadata api in its ApiVersions.");
        return VersionNegotiation.Choose(range, MinMetadataVersion, MaxMetadataVersion)
            ?? throw new InvalidDataException(
                $"Broker on port {port} serves Metadata v{range.MinVersion}-{range.MaxVersion}; the harness speaks v{MinMetadataVersion}-{MaxMetadataVersion}.");
    }

    /// <summary>A Metadata request frame (size prefix, header, body) at <paramref name="version"/>.</summary>
    internal static byte[] EncodeRequest(IReadOnlyList<string> topics, int correlationId, short version = 0)
    {
        var writer = new RequestHeader(KafkaMessageSpecs.Metadata, version, correlationId, ClientId).Start();
        new MetadataRequest(topics.Count == 0 ? null : topics).Write(writer, version);
        return writer.ToFrame();
    }

    /// <summary>Decodes a Metadata response payload (correlation id first) at <paramref name="version"/>.</summary>
    internal static Result Decode(ReadOnlyMemory<byte> payload, short version = 0)
    {
        var reader = new KafkaReader(payload, flexible: false);
        ResponseHeader.Read(reader, KafkaMessageSpecs.Metadata, version);
        return ToResult(MetadataResponse.Read(reader, version), version);
    }

    private static Result ToResult(MetadataResponse response, short version)
    {
        var partitions = new List<PartitionState>();
        var topicErrors = new Dictionary<string, short>();
        foreach (var topic in response.Topics)
        {
            if (topic.Name is not { } name) continue;
            topicErrors[name] = topic.ErrorCode;
            // A partition error (e.g. LEADER_NOT_AVAILABLE) shows in the leader field (-1) as well.
            partitions.AddRange(topic.Partitions.Select(p => new PartitionState(name, p.PartitionIndex, p.LeaderId, p.ReplicaNodes.ToArray(), p.IsrNodes.ToArray())));
        }

        return new Result(response.Brokers.Select(b => b.NodeId).Order().ToList(), partitions, topicErrors)
        {
            ApiVersion = version,
            Response = response,
        };
    }
}
