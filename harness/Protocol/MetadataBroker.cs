namespace KafkaChaos.Protocol;

/// <summary>A broker of a Metadata response; <paramref name="Rack"/> exists from v1 (null before and when unset).</summary>
internal sealed record MetadataBroker(int NodeId, string Host, int Port, string? Rack = null);
