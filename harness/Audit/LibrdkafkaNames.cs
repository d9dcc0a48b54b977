using System.Globalization;
using System.Reflection;
using Confluent.Kafka;

namespace KafkaChaos.Audit;

/// <summary>
/// librdkafka's property names as Confluent.Kafka exposes them, derived by reflection: each settable property of
/// <see cref="ProducerConfig"/>, <see cref="ConsumerConfig"/> (both include <see cref="ClientConfig"/>) is set on a
/// fresh config and the key it writes is read back. So <c>EnableIdempotence</c> maps to <c>enable.idempotence</c>
/// exactly as a bound <c>ProducerConfig</c> would pass it, and the same probe converts bound values (<c>Acks: "All"</c>).
/// </summary>
internal static class LibrdkafkaNames
{
    private static readonly Lazy<Map> Maps = new(Build);

    /// <summary>Every producer (and common) property name.</summary>
    public static IReadOnlySet<string> Producer => Maps.Value.Producer;

    /// <summary>Every consumer (and common) property name.</summary>
    public static IReadOnlySet<string> Consumer => Maps.Value.Consumer;

    /// <summary>librdkafka's aliases, alias → the canonical name the harness reports.</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>
    {
        ["retries"] = "message.send.max.retries",
        ["delivery.timeout.ms"] = "message.timeout.ms",
        ["queue.buffering.max.ms"] = "linger.ms",
        ["max.in.flight"] = "max.in.flight.requests.per.connection",
        ["metadata.broker.list"] = "bootstrap.servers",
    };

    /// <summary>The canonical name of <paramref name="key"/> (an alias resolved).</summary>
    public static string Canonical(string key) => Aliases.GetValueOrDefault(key, key);

    /// <summary>
    /// Binds a PascalCase Confluent.Kafka property (<c>MessageTimeoutMs</c>) with its JSON text to librdkafka's key and
    /// value, as .NET configuration binding onto <c>ProducerConfig</c>/<c>ConsumerConfig</c> would.
    /// </summary>
    public static bool TryBind(string pascalName, string text, out string key, out string value, out string problem)
    {
        key = value = problem = "";
        var property = Maps.Value.Properties.GetValueOrDefault(pascalName)
            ?? Maps.Value.Properties.Values.FirstOrDefault(p => string.Equals(p.Name, pascalName, StringComparison.OrdinalIgnoreCase));
        if (property is null)
        {
            var nearest = Nearest.Of(pascalName, Maps.Value.Properties.Keys);
            problem = $"'{pascalName}' is not a Confluent.Kafka ProducerConfig/ConsumerConfig property" + (nearest is null ? "" : $"; did you mean '{nearest}'?");
            return false;
        }
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        object? converted;
        try
        {
            converted = Convert(text, type);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            var expected = type.IsEnum ? string.Join(" | ", Enum.GetNames(type)) : type.Name;
            problem = $"'{text}' is not a valid {property.Name} (expected {expected})";
            return false;
        }
        var config = (Config)Activator.CreateInstance(property.DeclaringType == typeof(ConsumerConfig) ? typeof(ConsumerConfig) : typeof(ProducerConfig))!;
        try
        {
            property.SetValue(config, converted);
        }
        catch (TargetInvocationException ex)
        {
            problem = $"'{text}' is not a valid {property.Name}: {ex.InnerException?.Message}";
            return false;
        }
        var written = config.ToList();
        if (written.Count != 1)
        {
            problem = $"{property.Name} did not map to one librdkafka property";
            return false;
        }
        // Confluent.Kafka writes a bool as "True"/"False" (librdkafka reads either); reports use librdkafka's spelling.
        (key, value) = (written[0].Key, type == typeof(bool) ? written[0].Value.ToLowerInvariant() : written[0].Value);
        return true;
    }

    private static object Convert(string text, Type type)
    {
        if (type == typeof(string)) return text;
        if (type == typeof(bool)) return bool.Parse(text);
        if (type == typeof(int)) return int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
        if (type == typeof(long)) return long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
        if (type == typeof(double)) return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (type.IsEnum)
        {
            // Binding accepts the member name (case-insensitive) or its number.
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && Enum.IsDefined(type, Enum.ToObject(type, number)))
                return Enum.ToObject(type, number);
            return Enum.Parse(type, text, ignoreCase: true);
        }
        throw new ArgumentException($"unsupported type {type.Name}");
    }

    private sealed record Map(IReadOnlySet<string> Producer, IReadOnlySet<string> Consumer, IReadOnlyDictionary<string, PropertyInfo> Properties);

    private static Map Build()
    {
        var properties = new Dictionary<string, PropertyInfo>(StringComparer.Ordinal);
        var producer = Probe(typeof(ProducerConfig), properties);
        var consumer = Probe(typeof(ConsumerConfig), properties);
        foreach (var (alias, canonical) in Aliases)
        {
            if (producer.Contains(canonical)) producer.Add(alias);
            if (consumer.Contains(canonical)) consumer.Add(alias);
        }
        return new Map(producer, consumer, properties);
    }

    private static HashSet<string> Probe(Type configType, Dictionary<string, PropertyInfo> properties)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in configType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0) continue;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            foreach (var sample in Samples(type))
            {
                var config = (Config)Activator.CreateInstance(configType)!;
                try
                {
                    property.SetValue(config, sample);
                }
                catch (TargetInvocationException)
                {
                    continue;
                }
                var written = config.ToList();
                if (written.Count != 1) break;
                names.Add(written[0].Key);
                properties.TryAdd(property.Name, property);
                break;
            }
        }
        return names;
    }

    private static IEnumerable<object> Samples(Type type)
    {
        if (type == typeof(string)) return ["all", "none", "x"];
        if (type == typeof(bool)) return [true];
        if (type == typeof(int)) return [1];
        if (type == typeof(long)) return [1L];
        if (type == typeof(double)) return [1.0];
        if (type.IsEnum) return Enum.GetValues(type).Cast<object>().Take(1);
        return [];
    }
}
