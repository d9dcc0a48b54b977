namespace KafkaChaos.Protocol;

/// <summary>A topic of a Metadata response. <paramref name="TopicId"/> exists from v10 (empty before);
/// <paramref name="IsInternal"/> from v1; <paramref name="TopicAuthorizedOperations"/> from v8 (int.MinValue
/// = not requested); <paramref name="Name"/> may be null from v12 (a lookup by id that failed).</summary>
internal sealed record MetadataTopic(short ErrorCode, string? Name, Guid TopicId, bool IsInternal,
    IReadOnlyList<MetadataPartition> Partitions, int TopicAuthorizedOperations = int.MinValue);
