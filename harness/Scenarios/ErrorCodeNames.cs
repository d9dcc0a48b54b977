using Confluent.Kafka;
using KafkaChaos.Workload;

namespace KafkaChaos.Scenarios;

/// <summary>The error code names the ledger records (librdkafka's spelling of every <see cref="ErrorCode"/>), for checking <c>expect.errors</c>.</summary>
internal static class ErrorCodeNames
{
    /// <summary>Every name, e.g. <c>NOT_ENOUGH_REPLICAS</c>, <c>_MSG_TIMED_OUT</c>.</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<ErrorCode>().Select(ErrorNames.Of).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>True when <paramref name="name"/> is an error code name.</summary>
    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
