namespace KafkaChaos.Scenarios;

/// <summary>The text of an <c>acks</c> setting, as YAML and the command line write it.</summary>
internal static class AcksModes
{
    /// <summary>Reads <c>"0"</c>, <c>"1"</c>, <c>"all"</c> (or <c>"-1"</c>, read as all); false for anything else.</summary>
    public static bool TryParse(string? text, out AcksMode mode)
    {
        (var known, mode) = text switch
        {
            "0" => (true, AcksMode.None),
            "1" => (true, AcksMode.Leader),
            "all" or "-1" => (true, AcksMode.All),
            _ => (false, AcksMode.All),
        };
        return known;
    }
}
