namespace KafkaChaos.Scenarios;

/// <summary>How message keys are chosen (keys decide partitions).</summary>
internal enum KeyPolicy
{
    /// <summary>No key: the client's partitioner spreads messages.</summary>
    None,
    /// <summary>The producer's id: one producer's messages stay in one partition.</summary>
    ProducerId,
    /// <summary>The message's sequence number.</summary>
    Sequence,
    /// <summary>One constant key for everything.</summary>
    Fixed,
}
