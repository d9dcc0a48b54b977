namespace KafkaChaos.Audit;

/// <summary>One cell of the guarantee matrix: what was measured for a fault and guarantee, and what the claims predict.</summary>
/// <param name="Guarantee">The column.</param>
/// <param name="State">Measured, or why not.</param>
/// <param name="Count">The measured count (0 unless measured).</param>
/// <param name="Examples">Example message IDs (or error codes for failed sends).</param>
/// <param name="Prediction">What the claims predict for this configuration.</param>
internal sealed record MatrixCell(Guarantee Guarantee, CellState State, long Count, IReadOnlyList<string> Examples, Prediction Prediction)
{
    /// <summary>A measured count that contradicts the prediction: a finding.</summary>
    public bool Contradiction => State == CellState.Measured && Prediction.ContradictedBy(Count);

    /// <summary>True when measured and the guarantee held (count 0).</summary>
    public bool Held => State == CellState.Measured && Count == 0;

    /// <summary>True when measured and violated (count above 0).</summary>
    public bool Violated => State == CellState.Measured && Count > 0;
}
