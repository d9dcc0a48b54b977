using System.Globalization;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Faults;

/// <summary>Reads <see cref="FaultSpec.Params"/> (text, as in YAML) with precise errors.</summary>
internal static class FaultParameters
{
    /// <summary><c>params.count</c>: how many requests a protocol fault bites. Default 1; at least 1.</summary>
    public static long Count(FaultSpec spec) => Long(spec, "count", 1, min: 1);

    /// <summary><c>params.timeoutMs</c>: how long an injection may wait for its effect. Default <paramref name="defaultValue"/>.</summary>
    public static TimeSpan Timeout(FaultSpec spec, TimeSpan defaultValue) =>
        TimeSpan.FromMilliseconds(Long(spec, "timeoutMs", (long)defaultValue.TotalMilliseconds, min: 1));

    public static long Long(FaultSpec spec, string name, long defaultValue, long min = 0)
    {
        if (!spec.Params.TryGetValue(name, out var text)) return defaultValue;
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new ArgumentException($"Fault {spec.Name}: params.{name} must be a whole number ≥ {min}, got \"{text}\".", nameof(spec));
        return value;
    }
}
