namespace KafkaChaos.Reports;

/// <summary>A run compared with a baseline run's summary.</summary>
internal sealed record BaselineComparison
{
    /// <summary>The baseline's Kafka version.</summary>
    public string BaselineKafkaVersion { get; init; } = "";

    /// <summary>When the baseline ran.</summary>
    public DateTimeOffset BaselineStartedAt { get; init; }

    /// <summary>Every difference, by scenario then aspect.</summary>
    public IReadOnlyList<BaselineChange> Changes { get; init; } = [];

    /// <summary>True when any change is a regression: the caller should exit non-zero.</summary>
    public bool HasRegressions => Changes.Any(c => c.IsRegression);
}
