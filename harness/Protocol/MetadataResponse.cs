namespace KafkaChaos.Protocol;

/// <summary>
/// MetadataResponse.json (0-13, 9+ flexible), field by field:
/// v1 adds Rack (brokers), ControllerId and IsInternal; v2 ClusterId; v3 ThrottleTimeMs (first field); v5
/// OfflineReplicas; v7 LeaderEpoch; v8 TopicAuthorizedOperations and ClusterAuthorizedOperations (the latter until
/// v10); v9 compact strings/arrays and tagged fields; v10 TopicId after the topic name; v12 nullable topic names;
/// v13 a top-level ErrorCode after the topics (KIP-1102).
/// </summary>
internal sealed record MetadataResponse(IReadOnlyList<MetadataBroker> Brokers, IReadOnlyList<MetadataTopic> Topics,
    int ThrottleTimeMs = 0, string? ClusterId = null, int ControllerId = -1, int ClusterAuthorizedOperations = int.MinValue, short ErrorCode = 0)
{
    public void Write(KafkaWriter writer, short version)
    {
        if (version >= 3) writer.Int32(ThrottleTimeMs);
        writer.ArrayLength(Brokers.Count);
        foreach (var broker in Brokers)
        {
            writer.Int32(broker.NodeId);
            writer.String(broker.Host);
            writer.Int32(broker.Port);
            if (version >= 1) writer.String(broker.Rack);
            writer.TaggedFields();
        }

        if (version >= 2) writer.String(ClusterId);
        if (version >= 1) writer.Int32(ControllerId);
        writer.ArrayLength(Topics.Count);
        foreach (var topic in Topics)
        {
            writer.Int16(topic.ErrorCode);
            writer.String(topic.Name);
            if (version >= 10) writer.Uuid(topic.TopicId);
            if (version >= 1) writer.Bool(topic.IsInternal);
            writer.ArrayLength(topic.Partitions.Count);
            foreach (var partition in topic.Partitions)
            {
                writer.Int16(partition.ErrorCode);
                writer.Int32(partition.PartitionIndex);
                writer.Int32(partition.LeaderId);
                if (version >= 7) writer.Int32(partition.LeaderEpoch);
                writer.Int32Array(partition.ReplicaNodes);
                writer.Int32Array(partition.IsrNodes);
                if (version >= 5) writer.Int32Array(partition.OfflineReplicas);
                writer.TaggedFields();
            }

            if (version >= 8) writer.Int32(topic.TopicAuthorizedOperations);
            writer.TaggedFields();
        }

        if (version is >= 8 and <= 10) writer.Int32(ClusterAuthorizedOperations);
        if (version >= 13) writer.Int16(ErrorCode);
        writer.TaggedFields();
    }

    public static MetadataResponse Read(KafkaReader reader, short version)
    {
        var throttle = version >= 3 ? reader.Int32() : 0;
        var brokers = new List<MetadataBroker>();
        for (var i = reader.ArrayLength() ?? 0; i > 0; i--)
        {
            var nodeId = reader.Int32();
            var host = reader.String();
            var port = reader.Int32();
            var rack = version >= 1 ? reader.NullableString() : null;
            reader.TaggedFields();
            brokers.Add(new MetadataBroker(nodeId, host, port, rack));
        }

        var clusterId = version >= 2 ? reader.NullableString() : null;
        var controllerId = version >= 1 ? reader.Int32() : -1;
        var topics = new List<MetadataTopic>();
        for (var t = reader.ArrayLength() ?? 0; t > 0; t--)
        {
            var errorCode = reader.Int16();
            var name = version >= 12 ? reader.NullableString() : reader.String();
            var topicId = version >= 10 ? reader.Uuid() : Guid.Empty;
            var isInternal = version >= 1 && reader.Bool();
            var partitions = new List<MetadataPartition>();
            for (var p = reader.ArrayLength() ?? 0; p > 0; p--)
            {
                var partitionError = reader.Int16();
                var index = reader.Int32();
                var leader = reader.Int32();
                var epoch = version >= 7 ? reader.Int32() : -1;
                var replicas = reader.Int32Array();
                var isr = reader.Int32Array();
                var offline = version >= 5 ? reader.Int32Array() : [];
                reader.TaggedFields();
                partitions.Add(new MetadataPartition(partitionError, index, leader, epoch, replicas, isr, offline));
            }

            var topicOperations = version >= 8 ? reader.Int32() : int.MinValue;
            reader.TaggedFields();
            topics.Add(new MetadataTopic(errorCode, name, topicId, isInternal, partitions, topicOperations));
        }

        var clusterOperations = version is >= 8 and <= 10 ? reader.Int32() : int.MinValue;
        var topLevelError = version >= 13 ? reader.Int16() : (short)0;
        reader.TaggedFields();
        reader.ExpectEnd($"Metadata v{version} response");
        return new MetadataResponse(brokers, topics, throttle, clusterId, controllerId, clusterOperations, topLevelError);
    }
}
