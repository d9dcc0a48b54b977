namespace KafkaChaos.History;

/// <summary>Error code and reason of a failed or indeterminate send; one shared instance per distinct pair when loaded.</summary>
internal sealed record SendFailure(string? Code, string Reason);
