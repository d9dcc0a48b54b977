namespace KafkaChaos.Scenarios;

/// <summary>The producer's <c>acks</c> setting; YAML text <c>"0"</c>, <c>"1"</c> or <c>"all"</c> (<c>"-1"</c> is read as all).</summary>
internal enum AcksMode
{
    /// <summary><c>acks=0</c>: no acknowledgement awaited.</summary>
    None,
    /// <summary><c>acks=1</c>: the leader's append acknowledges.</summary>
    Leader,
    /// <summary><c>acks=all</c>: every in-sync replica must have the record.</summary>
    All,
}
