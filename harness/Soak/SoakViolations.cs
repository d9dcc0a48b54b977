using System.Globalization;
using KafkaChaos.Checkers;
using KafkaChaos.History;

namespace KafkaChaos.Soak;

/// <summary>
/// Finds a soak's first violation in its ledger: among the examples of every broken invariant, the message whose
/// acknowledgement (else its send) came first, and the faults injected, active or healed around that moment.
/// </summary>
internal static class SoakViolations
{
    /// <summary>How far either side of the violating message a fault counts as around it.</summary>
    public const double AroundSeconds = 10;

    /// <summary>Examples the check keeps per finding when a soak looks for its first violation.</summary>
    public const int Examples = 200;

    /// <summary>The first violation, or null when every invariant holds; reads the ledgers of <paramref name="ledgerDirectory"/> once, streamed.</summary>
    public static async Task<SoakViolation?> FirstAsync(CheckResult result, string ledgerDirectory, IReadOnlyList<SoakInvariant> invariants, CancellationToken cancellationToken)
    {
        var broken = invariants.Select(i => (Invariant: i, Finding: result.Findings.FirstOrDefault(f => f.Kind == FindingOf(i))))
            .Where(b => b.Finding is { Count: > 0 }).ToList();
        if (broken.Count == 0) return null;
        var ids = broken.SelectMany(b => b.Finding!.Examples).Where(e => e.Id is not null).Select(e => e.Id!.Value).ToHashSet();
        var ledger = new SoakLedgerMoments(ids);
        await HistoryReader.VisitRunAsync(ledgerDirectory, ledger, cancellationToken);
        var moments = ledger.Moments();
        var (invariant, finding, example, at) = broken
            .SelectMany(b => b.Finding!.Examples.Select(e => (b.Invariant, Finding: b.Finding!, Example: e, At: e.Id is { } id && moments.TryGetValue(id, out var t) ? t : long.MaxValue)))
            .MinBy(x => x.At);
        var examples = finding.Examples.OrderBy(e => e.Id is { } id && moments.TryGetValue(id, out var t) ? t : long.MaxValue).Select(e => e.Detail).ToList();
        var seconds = at == long.MaxValue ? double.NaN : (at - ledger.Origin) / (double)TimeSpan.TicksPerSecond;
        return new SoakViolation(invariant, finding.Count, seconds, examples, at == long.MaxValue ? [] : FaultsAround(ledger.Faults, at));
    }

    /// <summary>The finding kind that counts the violations of an invariant.</summary>
    public static FindingKind FindingOf(SoakInvariant invariant) => invariant switch
    {
        SoakInvariant.NoAckedLoss => FindingKind.AckedLost,
        SoakInvariant.NoDuplicates => FindingKind.DuplicateInLog,
        SoakInvariant.OrderPerKey => FindingKind.Reordered,
        SoakInvariant.NothingUnprocessed => FindingKind.Unprocessed,
        _ => throw new ArgumentOutOfRangeException(nameof(invariant), invariant, null),
    };

    private static List<FaultNearby> FaultsAround(IReadOnlyList<FaultEvent> faults, long at)
    {
        var around = (long)(AroundSeconds * TimeSpan.TicksPerSecond);
        var nearby = new List<FaultNearby>();
        foreach (var started in faults.Where(f => f.Phase == FaultPhase.Started))
        {
            var healed = faults.FirstOrDefault(f => f.Phase == FaultPhase.Healed && f.Name == started.Name && f.TimestampTicks >= started.TimestampTicks);
            long end = healed.Name is null ? long.MaxValue : healed.TimestampTicks;
            string? relation = started.TimestampTicks > at && started.TimestampTicks - at <= around ? $"injected {Seconds(started.TimestampTicks - at)} s after it"
                : started.TimestampTicks <= at && end >= at ? $"in force: injected {Seconds(at - started.TimestampTicks)} s before it"
                : end < at && at - end <= around ? $"healed {Seconds(at - end)} s before it"
                : null;
            if (relation is not null) nearby.Add(new FaultNearby(started.Name, started.Detail, relation));
        }
        return nearby;
    }

    private static string Seconds(long ticks) => (ticks / (double)TimeSpan.TicksPerSecond).ToString("0.0##", CultureInfo.InvariantCulture);
}
