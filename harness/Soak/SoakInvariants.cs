using KafkaChaos.Scenarios;

namespace KafkaChaos.Soak;

/// <summary>The soak invariants' names on the command line and the count each one bounds.</summary>
internal static class SoakInvariants
{
    /// <summary>What a soak checks when none is named: acknowledged messages are never lost.</summary>
    public static IReadOnlyList<SoakInvariant> Default { get; } = [SoakInvariant.NoAckedLoss];

    /// <summary>The count name (<see cref="CountNames"/>) that must be 0 for the invariant to hold.</summary>
    public static string CountName(SoakInvariant invariant) => invariant switch
    {
        SoakInvariant.NoAckedLoss => "ackedLost",
        SoakInvariant.NoDuplicates => "duplicatesInLog",
        SoakInvariant.OrderPerKey => "reordered",
        SoakInvariant.NothingUnprocessed => "unprocessed",
        _ => throw new ArgumentOutOfRangeException(nameof(invariant), invariant, null),
    };

    /// <summary>Parses a comma-separated list (<c>noAckedLoss,noDuplicates</c>); an unknown name is refused with the nearest one.</summary>
    /// <exception cref="ArgumentException">A name is not an invariant.</exception>
    public static IReadOnlyList<SoakInvariant> Parse(string text)
    {
        var names = ScenarioKeys.EnumTexts<SoakInvariant>();
        var result = new List<SoakInvariant>();
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var known = Enum.GetValues<SoakInvariant>().Where(i => ScenarioKeys.EnumText(i).Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (known.Count == 0)
            {
                var nearest = ScenarioKeys.Nearest(name, names);
                throw new ArgumentException($"--invariants: '{name}' is not an invariant{(nearest is null ? "" : $" (did you mean '{nearest}'?)")}; expected any of {string.Join(", ", names)}.");
            }
            if (!result.Contains(known[0])) result.Add(known[0]);
        }
        if (result.Count == 0) throw new ArgumentException($"--invariants: name at least one of {string.Join(", ", names)}.");
        return result;
    }

    /// <summary>The expectation block that checks <paramref name="invariants"/>.</summary>
    public static Expectation ToExpectation(IEnumerable<SoakInvariant> invariants) => new()
    {
        Counts = invariants.Select(i => new KeyValuePair<string, Condition>(CountName(i), new Condition(ComparisonOperator.Equal, 0))).ToList(),
    };
}
