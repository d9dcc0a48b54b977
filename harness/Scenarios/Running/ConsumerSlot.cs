namespace KafkaChaos.Scenarios.Running;

/// <summary>One consumer worker of a run: its profile and index, and the worker now running in it (a crash's restart replaces it).</summary>
internal sealed class ConsumerSlot(ConsumerProfile profile, int index)
{
    public ConsumerProfile Profile { get; } = profile;
    public int Index { get; } = index;
    public Workload.IWorker? Current { get; set; }
}
