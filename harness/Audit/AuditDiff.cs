namespace KafkaChaos.Audit;

/// <summary>
/// The guarantees that differ between an audited configuration and a reference: both measured, and one held
/// (count 0) where the other did not. Counts that differ but stay above zero are not changes (runs vary).
/// </summary>
internal static class AuditDiff
{
    /// <summary>The changes from <paramref name="reference"/> to <paramref name="audited"/>, battery and column order.</summary>
    public static IReadOnlyList<AuditChange> Compare(ConfigurationAudit reference, ConfigurationAudit audited)
    {
        var changes = new List<AuditChange>();
        foreach (var row in audited.Rows)
        {
            var other = reference.Rows.FirstOrDefault(r => r.Fault == row.Fault);
            if (other is null) continue;
            foreach (var cell in row.Cells)
            {
                var before = other.Cell(cell.Guarantee);
                if (before.State != CellState.Measured || cell.State != CellState.Measured) continue;
                if ((before.Count == 0) != (cell.Count == 0)) changes.Add(new AuditChange(row.Fault, cell.Guarantee, before.Count, cell.Count));
            }
        }
        return changes;
    }

    /// <summary>Required guarantees the audited configuration violated, as lines for the report.</summary>
    public static IReadOnlyList<string> PolicyViolations(ConfigurationAudit audited, IReadOnlyCollection<Guarantee> required) =>
        audited.Rows.SelectMany(r => r.Cells.Where(c => required.Contains(c.Guarantee) && c.Violated)
            .Select(c => $"{r.Fault}: {Guarantees.PolicyName(c.Guarantee)} violated ({c.Count}{(c.Examples.Count > 0 ? $", e.g. {string.Join(", ", c.Examples)}" : "")})")).ToList();

    /// <summary>
    /// Required guarantees with no evidence (inconclusive rows): never a pass. Not-applicable and not-measured cells
    /// are listed too, so a policy on a column the battery cannot measure says so.
    /// </summary>
    public static IReadOnlyList<string> PolicyUnproven(ConfigurationAudit audited, IReadOnlyCollection<Guarantee> required) =>
        audited.Rows.SelectMany(r => r.Cells.Where(c => required.Contains(c.Guarantee) && c.State == CellState.Inconclusive)
            .Select(c => $"{r.Fault}: {Guarantees.PolicyName(c.Guarantee)} unproven ({r.Reason})")).ToList();
}
