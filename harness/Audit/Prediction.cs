namespace KafkaChaos.Audit;

/// <summary>What the claims predict for one cell, and from which claim.</summary>
/// <param name="Kind">Zero, possible, expected, or none.</param>
/// <param name="Claim">The CLAIMS.md id it comes from, e.g. <c>B2</c>; empty for none.</param>
/// <param name="Reason">One line: why, for this configuration.</param>
internal sealed record Prediction(PredictionKind Kind, string Claim = "", string Reason = "")
{
    /// <summary>No prediction.</summary>
    public static Prediction None { get; } = new(PredictionKind.None);

    /// <summary>True when a measured count contradicts the prediction.</summary>
    public bool ContradictedBy(long count) => (Kind == PredictionKind.Zero && count > 0) || (Kind == PredictionKind.Expected && count == 0);

    /// <summary>Short text for a cell, e.g. <c>&gt;0 (B2)</c>.</summary>
    public string Short => Kind switch
    {
        PredictionKind.Zero => $"0 ({Claim})",
        PredictionKind.Possible => $"may ({Claim})",
        PredictionKind.Expected => $">0 ({Claim})",
        _ => "—",
    };
}
