using System.Diagnostics;
using KafkaChaos.Scenarios;
using KafkaChaos.Storage;

namespace KafkaChaos.Faults;

/// <summary>
/// <see cref="FaultKind.PageCacheLoss"/>: one power cut of the targeted brokers (default: every replica of the
/// partition at injection time). kill -9 all of them at once, drop everything their lazy data directories hold that was
/// never fsynced (<see cref="LazyMount.DropUnsyncedAsync"/>), start them again. In effect once every target is running
/// and registered again; what was dropped (files and bytes, those of the topic's partitions apart) is the evidence, in
/// the log and in <see cref="Describe()"/>. Needs <c>ClusterOptions.LazyDataDirectories</c>. Heal restarts any target a
/// failed injection left down.
/// </summary>
internal sealed class PageCacheLossFault(FaultSpec spec) : IFault
{
    private const int DetailLines = 12;
    private readonly List<int> _targets = [];
    private string? _done;

    public FaultSpec Spec { get; } = spec;

    /// <summary>What the power cut dropped, one report per broker (empty before injection).</summary>
    public IReadOnlyList<(int Broker, DropReport Dropped)> Dropped { get; private set; } = [];

    public async Task InjectAsync(FaultContext context, CancellationToken cancellationToken)
    {
        if (_targets.Count > 0) throw new InvalidOperationException($"Fault {Spec.Name} is already injected: {_done}.");
        var clock = Stopwatch.StartNew();
        var (ids, role) = await ResolveAsync(context, cancellationToken);
        var mounts = ids.ToDictionary(id => id, id => context.Cluster.Broker(id).LazyData
            ?? throw new InvalidOperationException($"pageCacheLoss needs broker {id}'s data directory on the lazy filesystem (ClusterOptions.LazyDataDirectories)."));
        _targets.AddRange(ids);

        await Task.WhenAll(ids.Select(id => context.Cluster.KillBrokerAsync(id, cancellationToken)));
        var dropped = new List<(int, DropReport)>();
        foreach (var id in ids) dropped.Add((id, await mounts[id].DropUnsyncedAsync(cancellationToken)));
        Dropped = dropped;
        foreach (var (id, report) in dropped) WriteDetails(context, id, report);

        await Task.WhenAll(ids.Select(id => context.Cluster.StartBrokerAsync(id, cancellationToken)));
        var files = dropped.Sum(d => d.Item2.Files);
        var bytes = dropped.Sum(d => d.Item2.Bytes);
        // Segments (.log) hold the records; index files are preallocated sparse, so their "bytes" are mostly length.
        var segments = dropped.SelectMany(d => d.Item2.Details).Where(f => IsPartitionFile(context, f) && f.Path.EndsWith(".log", StringComparison.Ordinal)).ToList();
        _done = $"power cut of {FaultLog.Brokers(ids)}{role}: dropped {files} file(s), {bytes} byte(s) never fsynced, of which " +
                $"{segments.Count} segment(s) of {context.Topic} with {segments.Sum(f => f.TruncatedBytes + f.RestoredBytes)} byte(s) of records; restarted, registered";
        FaultLog.Write(context, Spec, "inject", _done, clock);
    }

    public async Task HealAsync(FaultContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var restarted = new List<int>();
        foreach (var id in _targets.Where(id => context.Cluster.Broker(id).Pid is null).ToList())
        {
            await context.Cluster.StartBrokerAsync(id, cancellationToken);
            restarted.Add(id);
        }
        _targets.Clear();
        FaultLog.Write(context, Spec, "heal", restarted.Count == 0 ? "nothing to restart" : $"restarted {FaultLog.Brokers(restarted)}, registered", clock);
    }

    public string Describe() => $"{ScenarioKeys.EnumText(Spec.Fault)}: {_done ?? $"{Describe(Spec)} (not injected)"}";

    /// <summary>The default target is every replica of the partition; any other target resolves as for other broker faults.</summary>
    private async Task<(IReadOnlyList<int> Ids, string Role)> ResolveAsync(FaultContext context, CancellationToken cancellationToken)
    {
        if (Spec.Target.Kind != TargetKind.Default)
        {
            var target = await TargetResolution.ResolveAsync(context, Spec, followersOnly: false, cancellationToken);
            return (target.BrokerIds, target.RoleSuffix);
        }
        var partition = await context.Cluster.GetPartitionAsync(context.Topic, Spec.Target.Partition, cancellationToken);
        if (partition.Replicas.Count == 0) throw new InvalidOperationException($"{partition}: no replicas to cut the power of.");
        return (partition.Replicas.Order().ToList(), $" (all replicas of p{Spec.Target.Partition})");
    }

    private static string Describe(FaultSpec spec) =>
        spec.Target.Kind == TargetKind.Default ? $"all replicas of p{spec.Target.Partition}" : TargetResolution.DescribeRole(spec);

    private static bool IsPartitionFile(FaultContext context, DroppedFile file) =>
        file.Path.Contains($"/{context.Topic}-", StringComparison.Ordinal);

    private void WriteDetails(FaultContext context, int broker, DropReport report)
    {
        context.Log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} fault drop {Spec.Name}: broker {broker}: {report}");
        var shown = report.Details.OrderByDescending(f => IsPartitionFile(context, f)).ThenByDescending(f => f.TruncatedBytes + f.RestoredBytes).Take(DetailLines);
        foreach (var file in shown)
            context.Log.WriteLine($"    {file.Path}: synced {file.SyncedLength} of {file.Length} bytes, {file.TruncatedBytes} cut, {file.RestoredBytes} restored");
        if (report.Details.Count > DetailLines) context.Log.WriteLine($"    ... and {report.Details.Count - DetailLines} more file(s)");
    }
}
