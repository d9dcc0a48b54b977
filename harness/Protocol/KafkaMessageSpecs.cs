namespace KafkaChaos.Protocol;

/// <summary>
/// The Kafka protocol facts the harness relies on, in one place, as data. Source: Apache Kafka's message specs,
/// clients/src/main/resources/common/message/*.json (validVersions, flexibleVersions; RequestHeader.json and
/// ResponseHeader.json for the header versions), as of Apache Kafka 4.1.0, the newest release whose specs could
/// be read here. Full ranges are given for the apis the harness parses or sends; for the others only the first
/// flexible version matters (it decides the request header version) and their ranges are not relied on.
/// Not an Apache release: a trunk-tracking fork (aiven/inkless) has a Fetch v19 that adds an untagged partition
/// field, which is why versions above <see cref="KafkaApiSpec.MaxVersion"/> are never parsed past the header.
/// </summary>
internal static class KafkaMessageSpecs
{
    public const short Produce = 0;
    public const short Fetch = 1;
    public const short Metadata = 3;
    public const short ControlledShutdown = 7;
    public const short ApiVersions = 18;

    /// <summary>ProduceRequest.json: v3 adds TransactionalId (before Acks); 9+ flexible; 13 topic ids (KIP-516).
    /// 4.x serves 3-13 but lists 0-13 in ApiVersions (KAFKA-18659).</summary>
    public static readonly KafkaApiSpec ProduceSpec = new(Produce, "Produce", 0, 13, 9);

    /// <summary>FetchRequest.json: ReplicaId is the first body field in 0-14; from 15 it is ReplicaState, top-level
    /// tagged field 1 {ReplicaId int32, ReplicaEpoch int64} (KIP-903); 12+ flexible; 13 topic ids; 17 and 18 add
    /// partition-level tagged fields (ReplicaDirectoryId tag 0, HighWatermark tag 1). 4.x serves 4-18.</summary>
    public static readonly KafkaApiSpec FetchSpec = new(Fetch, "Fetch", 0, 18, 12);

    /// <summary>MetadataRequest.json / MetadataResponse.json: 0-13, 9+ flexible (see <see cref="MetadataResponse"/>).</summary>
    public static readonly KafkaApiSpec MetadataSpec = new(Metadata, "Metadata", 0, 13, 9);

    /// <summary>ControlledShutdownRequest.json: v0 alone uses request header v0 (no client id); a ZooKeeper-mode
    /// api, gone from 4.0. Range of the last release that had it (3.9).</summary>
    public static readonly KafkaApiSpec ControlledShutdownSpec = new(ControlledShutdown, "ControlledShutdown", 0, 3, 3);

    /// <summary>ApiVersionsRequest.json: 0-4, 3+ flexible; the response header is always v0 (ResponseHeader.json:
    /// "ApiVersionsResponse always includes a v0 header"), so a client can read it whatever it asked.</summary>
    public static readonly KafkaApiSpec ApiVersionsSpec = new(ApiVersions, "ApiVersions", 0, 4, 3);

    /// <summary>ProduceRequest.json: TransactionalId, before Acks, from v3.</summary>
    public const short ProduceFirstTransactionalIdVersion = 3;

    /// <summary>FetchRequest.json: the body's first field ReplicaId is "versions": "0-14"; ReplicaState (tag 1) is "15+".</summary>
    public const short FetchFirstReplicaStateVersion = 15;

    private static readonly KafkaApiSpec?[] ByKey = Build();

    /// <summary>The spec of <paramref name="apiKey"/>, or null for a key not in the table.</summary>
    public static KafkaApiSpec? Find(short apiKey) => apiKey >= 0 && apiKey < ByKey.Length ? ByKey[apiKey] : null;

    /// <summary>Request header version: 0 for ControlledShutdown v0, 2 for flexible versions, else 1; null for an
    /// api key not in the table (its header has a client id at the same place either way).</summary>
    public static int? RequestHeaderVersion(short apiKey, short apiVersion)
    {
        if (Find(apiKey) is not { } spec) return null;
        if (apiKey == ControlledShutdown && apiVersion == 0) return 0;
        return spec.IsFlexible(apiVersion) ? 2 : 1;
    }

    /// <summary>Response header version: 1 (correlation id + tagged fields) for flexible versions, except
    /// ApiVersions, whose response header is always 0; null for an api key not in the table.</summary>
    public static int? ResponseHeaderVersion(short apiKey, short apiVersion)
    {
        if (Find(apiKey) is not { } spec) return null;
        if (apiKey == ApiVersions) return 0;
        return spec.IsFlexible(apiVersion) ? 1 : 0;
    }

    private static KafkaApiSpec?[] Build()
    {
        // First flexible request version of every other api key (flexibleVersions of <Name>Request.json); -1 = none.
        // Ranges are not relied on for these: MinVersion 0, MaxVersion short.MaxValue.
        (short Key, string Name, short FirstFlexible)[] others =
        [
            (2, "ListOffsets", 6), (4, "LeaderAndIsr", 4), (5, "StopReplica", 2), (6, "UpdateMetadata", 6),
            (8, "OffsetCommit", 8), (9, "OffsetFetch", 6), (10, "FindCoordinator", 3), (11, "JoinGroup", 6),
            (12, "Heartbeat", 4), (13, "LeaveGroup", 4), (14, "SyncGroup", 4), (15, "DescribeGroups", 5),
            (16, "ListGroups", 3), (17, "SaslHandshake", -1), (19, "CreateTopics", 5), (20, "DeleteTopics", 4),
            (21, "DeleteRecords", 2), (22, "InitProducerId", 2), (23, "OffsetForLeaderEpoch", 4),
            (24, "AddPartitionsToTxn", 3), (25, "AddOffsetsToTxn", 3), (26, "EndTxn", 3), (27, "WriteTxnMarkers", 1),
            (28, "TxnOffsetCommit", 3), (29, "DescribeAcls", 2), (30, "CreateAcls", 2), (31, "DeleteAcls", 2),
            (32, "DescribeConfigs", 4), (33, "AlterConfigs", 2), (34, "AlterReplicaLogDirs", 2),
            (35, "DescribeLogDirs", 2), (36, "SaslAuthenticate", 2), (37, "CreatePartitions", 2),
            (38, "CreateDelegationToken", 2), (39, "RenewDelegationToken", 2), (40, "ExpireDelegationToken", 2),
            (41, "DescribeDelegationToken", 2), (42, "DeleteGroups", 2), (43, "ElectLeaders", 2),
            (44, "IncrementalAlterConfigs", 1), (45, "AlterPartitionReassignments", 0),
            (46, "ListPartitionReassignments", 0), (47, "OffsetDelete", -1), (48, "DescribeClientQuotas", 1),
            (49, "AlterClientQuotas", 1), (50, "DescribeUserScramCredentials", 0), (51, "AlterUserScramCredentials", 0),
            (52, "Vote", 0), (53, "BeginQuorumEpoch", 1), (54, "EndQuorumEpoch", 1), (55, "DescribeQuorum", 0),
            (56, "AlterPartition", 0), (57, "UpdateFeatures", 0), (58, "Envelope", 0), (59, "FetchSnapshot", 0),
            (60, "DescribeCluster", 0), (61, "DescribeProducers", 0), (62, "BrokerRegistration", 0),
            (63, "BrokerHeartbeat", 0), (64, "UnregisterBroker", 0), (65, "DescribeTransactions", 0),
            (66, "ListTransactions", 0), (67, "AllocateProducerIds", 0), (68, "ConsumerGroupHeartbeat", 0),
            (69, "ConsumerGroupDescribe", 0), (70, "ControllerRegistration", 0), (71, "GetTelemetrySubscriptions", 0),
            (72, "PushTelemetry", 0), (73, "AssignReplicasToDirs", 0), (74, "ListConfigResources", 0),
            (75, "DescribeTopicPartitions", 0), (76, "ShareGroupHeartbeat", 0), (77, "ShareGroupDescribe", 0),
            (78, "ShareFetch", 0), (79, "ShareAcknowledge", 0), (80, "AddRaftVoter", 0), (81, "RemoveRaftVoter", 0),
            (82, "UpdateRaftVoter", 0), (83, "InitializeShareGroupState", 0), (84, "ReadShareGroupState", 0),
            (85, "WriteShareGroupState", 0), (86, "DeleteShareGroupState", 0), (87, "ReadShareGroupStateSummary", 0),
            (88, "StreamsGroupHeartbeat", 0), (89, "StreamsGroupDescribe", 0), (90, "DescribeShareGroupOffsets", 0),
            (91, "AlterShareGroupOffsets", 0), (92, "DeleteShareGroupOffsets", 0),
        ];
        var table = new KafkaApiSpec?[93];
        foreach (var spec in new[] { ProduceSpec, FetchSpec, MetadataSpec, ControlledShutdownSpec, ApiVersionsSpec })
            table[spec.ApiKey] = spec;
        foreach (var (key, name, first) in others)
            table[key] = new KafkaApiSpec(key, name, 0, short.MaxValue, first < 0 ? null : first);
        return table;
    }
}
