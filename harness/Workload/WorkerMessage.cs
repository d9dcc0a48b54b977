using System.Text.Json;

namespace KafkaChaos.Workload;

/// <summary>
/// One line a child worker writes on its stdout (JSON). Events: <c>ready</c>, <c>counters</c>, <c>paused</c>,
/// <c>completed</c>, <c>stopped</c>, <c>failed</c> (with <see cref="Error"/>). The parent writes plain
/// commands on the child's stdin: <c>resume</c>, <c>stop</c>; closing stdin makes the child kill itself.
/// </summary>
internal sealed record WorkerMessage(string Event, WorkerCounters? Counters = null, string? Error = null, string? PropertyName = null)
{
    public const string Ready = "ready";
    public const string CountersEvent = "counters";
    public const string Paused = "paused";
    public const string Completed = "completed";
    public const string Stopped = "stopped";
    public const string Failed = "failed";

    public string ToLine() => JsonSerializer.Serialize(this, WorkerSpec.CompactJson);

    public static WorkerMessage? TryParse(string line)
    {
        try
        {
            return line.StartsWith('{') ? JsonSerializer.Deserialize<WorkerMessage>(line, WorkerSpec.CompactJson) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
