namespace KafkaChaos.Audit;

/// <summary>The whole audit, serialized as <c>audit.json</c> (and read back by <c>--baseline</c>).</summary>
internal sealed record AuditReport
{
    /// <summary>The Kafka version the battery ran on.</summary>
    public string KafkaVersion { get; init; } = "";

    /// <summary>What ran the cluster: backend and distribution, or image and image id; empty when no cluster started.</summary>
    public string Cluster { get; init; } = "";

    /// <summary>When the audit started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Wall-clock time of the whole audit.</summary>
    public long DurationMs { get; init; }

    /// <summary>True when Ctrl-C stopped it: the rows are what finished.</summary>
    public bool Interrupted { get; init; }

    /// <summary>The audited configuration first, then the <c>--compare</c> one if any.</summary>
    public IReadOnlyList<ConfigurationAudit> Configurations { get; init; } = [];
}
