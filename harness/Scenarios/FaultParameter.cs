using System.Globalization;

namespace KafkaChaos.Scenarios;

/// <summary>
/// One parameter a fault kind takes under <c>params</c> (YAML text): a whole number with a minimum, a boolean, or one
/// of a few words. The loader refuses any other name (with the nearest valid one) and any value it cannot parse.
/// </summary>
/// <param name="Name">The key under <c>params</c>, e.g. <c>count</c>.</param>
/// <param name="Description">What it means, with its unit and default.</param>
/// <param name="Min">For a number: its smallest value. Null for a boolean or a word.</param>
/// <param name="Words">For a word: the values allowed. Null otherwise.</param>
internal sealed record FaultParameter(string Name, string Description, long? Min = null, IReadOnlyList<string>? Words = null)
{
    /// <summary>A whole number ≥ <paramref name="min"/>.</summary>
    public static FaultParameter Number(string name, long min, string description) => new(name, description, Min: min);

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static FaultParameter Flag(string name, string description) => new(name, description, Words: ["true", "false"]);

    /// <summary>One of <paramref name="words"/>.</summary>
    public static FaultParameter Word(string name, string description, params string[] words) => new(name, description, Words: words);

    /// <summary>Null when <paramref name="text"/> is a valid value, else what is wrong with it.</summary>
    public string? Check(string text)
    {
        if (Min is { } min)
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min
                ? null
                : $"expected a whole number ≥ {min}, found \"{text}\"";
        return Words!.Contains(text, StringComparer.Ordinal) ? null : $"expected {string.Join(" | ", Words!)}, found \"{text}\"";
    }
}
