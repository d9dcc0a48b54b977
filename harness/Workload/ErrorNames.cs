using System.Text;
using Confluent.Kafka;

namespace KafkaChaos.Workload;

/// <summary>
/// librdkafka's own error names (rd_kafka_err2name: <c>NOT_ENOUGH_REPLICAS</c>, <c>_MSG_TIMED_OUT</c>), which
/// scenarios and reports use, from Confluent.Kafka's <see cref="ErrorCode"/> names (<c>NotEnoughReplicas</c>,
/// <c>Local_MsgTimedOut</c>): words upper-cased and joined by '_', local errors prefixed with '_'.
/// </summary>
internal static class ErrorNames
{
    public static string Of(ErrorCode code)
    {
        var name = code.ToString();
        var local = name.StartsWith("Local_", StringComparison.Ordinal);
        if (local) name = name["Local_".Length..];
        var text = new StringBuilder(local ? "_" : "");
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                text.Append('_');
            text.Append(char.ToUpperInvariant(c));
        }
        return text.ToString();
    }
}
