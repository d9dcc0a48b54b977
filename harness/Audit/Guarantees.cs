using KafkaChaos.Checkers;

namespace KafkaChaos.Audit;

/// <summary>Names and measures of the <see cref="Guarantee"/> columns.</summary>
internal static class Guarantees
{
    /// <summary>Every guarantee, in column order.</summary>
    public static IReadOnlyList<Guarantee> All { get; } = Enum.GetValues<Guarantee>();

    /// <summary>The column heading, e.g. <c>acked loss</c>.</summary>
    public static string Title(Guarantee g) => g switch
    {
        Guarantee.AckedLoss => "acked loss",
        Guarantee.SilentLoss => "silent loss",
        Guarantee.DuplicatesInLog => "duplicates in log",
        Guarantee.DuplicateProcessing => "duplicate processing",
        Guarantee.Unprocessed => "unprocessed",
        Guarantee.Reordered => "reordered",
        _ => "failed sends",
    };

    /// <summary>The policy name of "this guarantee holds", e.g. <c>no-acked-loss</c> (<c>--require</c>).</summary>
    public static string PolicyName(Guarantee g) => "no-" + Title(g).Replace(' ', '-');

    /// <summary>The JSON/JUnit key, e.g. <c>ackedLoss</c>.</summary>
    public static string Key(Guarantee g) => char.ToLowerInvariant(g.ToString()[0]) + g.ToString()[1..];

    /// <summary>Whether the column needs a consumer in the run.</summary>
    public static bool NeedsConsumer(Guarantee g) => g is Guarantee.DuplicateProcessing or Guarantee.Unprocessed;

    /// <summary>The measured count.</summary>
    public static long Count(Guarantee g, CheckCounts c) => g switch
    {
        Guarantee.AckedLoss => c.AckedLost,
        Guarantee.SilentLoss => c.SilentlyLost,
        Guarantee.DuplicatesInLog => c.DuplicatesInLog,
        Guarantee.DuplicateProcessing => c.DuplicateProcessing,
        Guarantee.Unprocessed => c.Unprocessed,
        Guarantee.Reordered => c.Reordered,
        _ => c.Failed + c.Indeterminate,
    };

    /// <summary>The report finding kinds whose examples illustrate the column.</summary>
    public static IReadOnlyList<string> FindingKinds(Guarantee g) => g switch
    {
        Guarantee.AckedLoss => ["ackedLost", "ackedLostAfterConsumption"],
        Guarantee.SilentLoss => ["silentlyLost"],
        Guarantee.DuplicatesInLog => ["duplicateInLog"],
        Guarantee.DuplicateProcessing => ["duplicateProcessing"],
        Guarantee.Unprocessed => ["unprocessed"],
        Guarantee.Reordered => ["reordered"],
        _ => [],
    };

    /// <summary>Parses a <c>--require</c> list such as <c>no-acked-loss,no-duplicates</c> (<c>no-duplicates</c> means both duplicate columns).</summary>
    /// <exception cref="AuditInputException">An unknown policy name.</exception>
    public static IReadOnlyList<Guarantee> ParsePolicy(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var names = All.ToDictionary(PolicyName);
        var result = new List<Guarantee>();
        var problems = new List<string>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part == "no-duplicates") result.AddRange([Guarantee.DuplicatesInLog, Guarantee.DuplicateProcessing]);
            else if (part == "no-loss") result.AddRange([Guarantee.AckedLoss, Guarantee.SilentLoss]);
            else if (names.TryGetValue(part, out var g)) result.Add(g);
            else
            {
                var all = names.Keys.Append("no-duplicates").Append("no-loss").ToList();
                problems.Add($"--require: unknown guarantee '{part}' (expected {string.Join(", ", all)})" + (Nearest.Of(part, all) is { } n ? $"; did you mean '{n}'?" : ""));
            }
        }
        if (problems.Count > 0) throw new AuditInputException(problems);
        return result.Distinct().ToList();
    }
}
