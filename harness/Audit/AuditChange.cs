namespace KafkaChaos.Audit;

/// <summary>One guarantee that differs between the audited configuration and the reference (<c>--compare</c> or <c>--baseline</c>).</summary>
/// <param name="Fault">The battery fault.</param>
/// <param name="Guarantee">The column.</param>
/// <param name="ReferenceCount">The reference's measured count.</param>
/// <param name="AuditedCount">The audited configuration's measured count.</param>
internal sealed record AuditChange(string Fault, Guarantee Guarantee, long ReferenceCount, long AuditedCount)
{
    /// <summary>The reference kept the guarantee and the audited configuration lost it.</summary>
    public bool Lost => ReferenceCount == 0 && AuditedCount > 0;

    /// <summary>The audited configuration keeps a guarantee the reference lost.</summary>
    public bool Gained => ReferenceCount > 0 && AuditedCount == 0;

    /// <summary>One line, e.g. <c>slow-followers-leader-kill: acked loss 0 → 412 (lost)</c>.</summary>
    public override string ToString() =>
        $"{Fault}: {Guarantees.Title(Guarantee)} {ReferenceCount} → {AuditedCount}{(Lost ? " (lost)" : Gained ? " (gained)" : "")}";
}
