namespace KafkaChaos.Audit;

/// <summary>
/// The audit's outcome for CI: the diff against a reference (<c>--compare</c>/<c>--baseline</c>) and the policy
/// (<c>--require</c>). Exit code 1 when a required guarantee is violated or unproven, or one the reference kept is
/// lost; 0 otherwise (contradictions of the claims are findings in the report, not failures of the team's config).
/// </summary>
internal sealed record AuditVerdict(string? Reference, IReadOnlyList<AuditChange> Changes, IReadOnlyList<Guarantee> Required,
    IReadOnlyList<string> Violations, IReadOnlyList<string> Unproven, bool Interrupted)
{
    /// <summary>Evaluates <paramref name="report"/>'s first configuration against the reference and policy.</summary>
    public static AuditVerdict Of(AuditReport report, ConfigurationAudit? reference, string? referenceName, IReadOnlyList<Guarantee> required)
    {
        var audited = report.Configurations[0];
        return new AuditVerdict(referenceName, reference is null ? [] : AuditDiff.Compare(reference, audited), required,
            AuditDiff.PolicyViolations(audited, required), AuditDiff.PolicyUnproven(audited, required), report.Interrupted);
    }

    /// <summary>The guarantees the reference kept and the audited configuration lost.</summary>
    public IEnumerable<AuditChange> Lost => Changes.Where(c => c.Lost);

    /// <summary>0 when nothing required failed and nothing was lost; 1 otherwise; 130 when interrupted.</summary>
    public int ExitCode => Violations.Count + Unproven.Count > 0 || Lost.Any() ? 1 : Interrupted ? 130 : 0;

    /// <summary>One line on why the exit code is what it is.</summary>
    public string Summary
    {
        get
        {
            var parts = new List<string>();
            if (Violations.Count > 0) parts.Add($"{Violations.Count} required guarantee violation(s)");
            if (Unproven.Count > 0) parts.Add($"{Unproven.Count} required guarantee(s) without evidence");
            if (Lost.Any()) parts.Add($"lost against {Reference}: {string.Join("; ", Lost)}");
            if (Interrupted) parts.Add("interrupted: the report holds what finished");
            return parts.Count == 0 ? "no required guarantee violated, nothing lost" : string.Join("; ", parts);
        }
    }
}
