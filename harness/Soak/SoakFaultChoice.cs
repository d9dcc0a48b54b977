using System.Globalization;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Soak;

/// <summary>
/// One fault kind a soak may draw, how often and for how long: <c>leaderKill</c>, <c>leaderKill:2/min</c>,
/// <c>stallReplicaFetch:1/min:5s-15s</c>. Defaults: 2 per minute, active 3–10 s.
/// </summary>
/// <param name="Kind">The fault kind.</param>
/// <param name="PerMinute">The mean rate of this kind's faults (a Poisson process).</param>
/// <param name="MinMs">Shortest time a drawn fault stays injected.</param>
/// <param name="MaxMs">Longest time a drawn fault stays injected.</param>
internal sealed record SoakFaultChoice(FaultKind Kind, double PerMinute = SoakFaultChoice.DefaultPerMinute, int MinMs = SoakFaultChoice.DefaultMinMs, int MaxMs = SoakFaultChoice.DefaultMaxMs)
{
    private const double DefaultPerMinute = 2;
    private const int DefaultMinMs = 3000;
    private const int DefaultMaxMs = 10000;

    /// <summary>
    /// The kinds a soak draws from: those with a target the soak can choose on its own (a broker role, a broker, a
    /// consumer). Producer crashes would end the workload, oversized messages and offset resets are claims, not faults.
    /// </summary>
    public static IReadOnlyList<FaultKind> Drawable { get; } = FaultKinds.All
        .Where(k => k.Kind is not (FaultKind.ProducerCrash or FaultKind.OversizedMessages or FaultKind.OffsetReset))
        .Select(k => k.Kind).ToList();

    /// <summary>Parses a comma-separated list of choices; every problem names the choice and what was expected.</summary>
    /// <exception cref="ArgumentException">A choice is malformed or names a kind a soak cannot draw.</exception>
    public static IReadOnlyList<SoakFaultChoice> ParseList(string text)
    {
        var choices = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList();
        if (choices.Count == 0) throw new ArgumentException("--faults: name at least one fault kind, e.g. leaderKill,isolateBroker.");
        var repeated = choices.GroupBy(c => c.Kind).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new ArgumentException($"--faults: {ScenarioKeys.EnumText(repeated.Key)} is named twice.");
        return choices;
    }

    /// <summary>Parses one choice: <c>kind[:RATE/min][:MIN-MAX]</c>, durations with <c>ms</c>, <c>s</c> or <c>m</c>.</summary>
    /// <exception cref="ArgumentException">The text is not a choice.</exception>
    public static SoakFaultChoice Parse(string text)
    {
        var parts = text.Split(':', StringSplitOptions.TrimEntries);
        var names = Drawable.Select(k => ScenarioKeys.EnumText(k)).ToList();
        var kindIndex = names.FindIndex(n => n.Equals(parts[0], StringComparison.OrdinalIgnoreCase));
        if (kindIndex < 0)
        {
            var nearest = ScenarioKeys.Nearest(parts[0], names);
            throw new ArgumentException($"--faults: '{parts[0]}' is not a fault kind a soak can draw{(nearest is null ? "" : $" (did you mean '{nearest}'?)")}; expected any of {string.Join(", ", names)}.");
        }
        var choice = new SoakFaultChoice(Drawable[kindIndex]);
        foreach (var part in parts.Skip(1))
        {
            if (part.EndsWith("/min", StringComparison.Ordinal)
                && double.TryParse(part[..^4], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 && rate <= 60)
            {
                choice = choice with { PerMinute = rate };
            }
            else if (part.Split('-') is [var low, var high] && DurationText.TryParse(low, out var min) && DurationText.TryParse(high, out var max) && min >= 100 && max >= min)
            {
                choice = choice with { MinMs = min, MaxMs = max };
            }
            else
            {
                throw new ArgumentException($"--faults: '{part}' in '{text}' is neither a rate (e.g. 2/min, at most 60/min) nor a duration range (e.g. 3s-10s, at least 100ms, low ≤ high).");
            }
        }
        return choice;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant($"{ScenarioKeys.EnumText(Kind)}:{PerMinute:0.##}/min:{MinMs}ms-{MaxMs}ms");
}
