using System.Diagnostics;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Faults;

/// <summary>The one line each injection and heal writes: when, which fault, what it did to which brokers, how long it took.</summary>
internal static class FaultLog
{
    public static void Write(FaultContext context, FaultSpec spec, string phase, string what, Stopwatch clock) =>
        context.Log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} fault {phase} {spec.Name} ({ScenarioKeys.EnumText(spec.Fault)}): {what} [{clock.Elapsed.TotalSeconds:0.000} s]");

    public static string Brokers(IEnumerable<int> ids)
    {
        var list = ids.ToList();
        return list.Count == 1 ? $"broker {list[0]}" : $"brokers {string.Join(", ", list)}";
    }
}
