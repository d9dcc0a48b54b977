using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KafkaChaos.Reports;

/// <summary>
/// The JSON shape of every report file: camelCase properties and enum values, indented, nulls omitted.
/// Dictionary keys are kept verbatim (config names such as <c>replica.lag.time.max.ms</c>, error codes such as
/// <c>NOT_ENOUGH_REPLICAS</c>).
/// </summary>
internal static class ReportJson
{
    /// <summary>Shared serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Serializes a report value.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Deserializes a report value; throws <see cref="JsonException"/> when the text is not one.</summary>
    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"empty {typeof(T).Name} document");

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/>, creating its directory, via a temporary file so readers never see half a report.</summary>
    internal static async Task WriteFileAsync(string path, string text, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, text, new System.Text.UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
