namespace KafkaChaos.Audit;

/// <summary>The audit of one configuration: where it came from, the settings in force, and its matrix rows.</summary>
/// <param name="Label">base, compare, or a baseline's label.</param>
/// <param name="Sources">The files (producer, consumer, topic).</param>
/// <param name="Settings">The delivery-relevant settings in force, defaults filled in.</param>
/// <param name="Notes">Keys set aside and why; limits of the run (e.g. an outage shorter than the delivery timeout).</param>
/// <param name="Rows">One per fault, battery order.</param>
internal sealed record ConfigurationAudit(string Label, IReadOnlyList<string> Sources, IReadOnlyList<EffectiveSetting> Settings,
    IReadOnlyList<string> Notes, IReadOnlyList<MatrixRow> Rows)
{
    /// <summary>Every measured cell that contradicts the claims' prediction.</summary>
    public IEnumerable<(MatrixRow Row, MatrixCell Cell)> Contradictions() =>
        Rows.SelectMany(r => r.Cells.Where(c => c.Contradiction).Select(c => (r, c)));
}
