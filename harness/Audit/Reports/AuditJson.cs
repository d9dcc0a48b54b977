using System.Text.Json;
using System.Text.Json.Serialization;

namespace KafkaChaos.Audit.Reports;

/// <summary><c>audit.json</c>: the whole <see cref="AuditReport"/>, camelCase, enums as text; read back for <c>--baseline</c>.</summary>
internal static class AuditJson
{
    /// <summary>The file name in the output directory.</summary>
    public const string FileName = "audit.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The JSON text.</summary>
    public static string Render(AuditReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>Parses an <c>audit.json</c>.</summary>
    /// <exception cref="AuditInputException">Not an audit report.</exception>
    public static AuditReport Parse(string json, string source)
    {
        try
        {
            var report = JsonSerializer.Deserialize<AuditReport>(json, Options);
            if (report is null || report.Configurations.Count == 0) throw new AuditInputException($"{source}: not an audit report (no configurations)");
            return report;
        }
        catch (JsonException ex)
        {
            throw new AuditInputException($"{source}: not an audit report: {ex.Message}");
        }
    }

    /// <summary>Reads <paramref name="path"/> (a file, or a directory holding <c>audit.json</c>).</summary>
    /// <exception cref="AuditInputException">Missing or not an audit report.</exception>
    public static async Task<AuditReport> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        if (!File.Exists(file)) throw new AuditInputException($"{file}: no such file");
        return Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false), file);
    }
}
