using System.Globalization;

namespace KafkaChaos.Soak;

/// <summary>Durations as people type them on a command line: <c>500ms</c>, <c>3s</c>, <c>1.5m</c>, <c>2h</c>.</summary>
internal static class DurationText
{
    /// <summary>Parses <c>500ms</c>, <c>3s</c>, <c>1.5m</c> or <c>10m</c> to milliseconds.</summary>
    public static bool TryParse(string text, out int milliseconds)
    {
        milliseconds = 0;
        var (number, factor) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0)
            : text.EndsWith('s') ? (text[..^1], 1000.0)
            : text.EndsWith('m') ? (text[..^1], 60_000.0)
            : text.EndsWith('h') ? (text[..^1], 3_600_000.0)
            : (text, -1.0);
        if (factor < 0 || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0) return false;
        var ms = value * factor;
        if (ms > int.MaxValue) return false;
        milliseconds = (int)ms;
        return true;
    }

}
