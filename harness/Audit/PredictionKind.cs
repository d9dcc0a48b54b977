namespace KafkaChaos.Audit;

/// <summary>What the claims say a cell should show for a configuration.</summary>
internal enum PredictionKind
{
    /// <summary>No claim covers this cell.</summary>
    None,
    /// <summary>The claims say it cannot happen (count 0).</summary>
    Zero,
    /// <summary>The claims say it can happen (a count of 0 is no contradiction: one run may miss it).</summary>
    Possible,
    /// <summary>The claims say this fault makes it happen (a count of 0 contradicts them).</summary>
    Expected,
}
