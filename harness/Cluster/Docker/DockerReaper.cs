using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace KafkaChaos.Cluster.Docker;

/// <summary>
/// Nothing left behind: every container this process starts is tracked and removed (forced) when the process exits or
/// gets SIGINT, SIGTERM or SIGHUP; containers of an owner that was SIGKILLed are found by their labels and removed
/// at the next start (<see cref="ReapStaleAsync(TextWriter, CancellationToken)"/>). This is what Ryuk does where its image can be pulled; here it
/// cannot, so Testcontainers runs with TESTCONTAINERS_RYUK_DISABLED=true unless the caller set it otherwise.
/// </summary>
internal static class DockerReaper
{
    private static readonly ConcurrentDictionary<string, DockerEndpoint> Tracked = new();
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static int _installed;

    public static void Track(string containerId, DockerEndpoint endpoint)
    {
        Install();
        Tracked[containerId] = endpoint;
    }

    public static void Untrack(string containerId) => Tracked.TryRemove(containerId, out _);

    /// <summary>Removes every tracked container now (synchronously: signal handlers and process exit cannot await).</summary>
    public static void RemoveAll()
    {
        foreach (var (id, endpoint) in Tracked)
        {
            endpoint.RemoveNow(id);
            Tracked.TryRemove(id, out _);
        }
    }

    /// <summary>Removes a container (forced, with its anonymous volumes); nothing when it is already gone.</summary>
    public static async Task RemoveAsync(IDockerClient client, string containerId)
    {
        if (string.IsNullOrEmpty(containerId)) return;
        try
        {
            await client.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, CancellationToken.None);
        }
        catch (DockerContainerNotFoundException)
        {
            // already gone
        }
        Untrack(containerId);
    }

    /// <summary>Removes the kafka-chaos containers whose owner process is gone; returns how many.</summary>
    public static async Task<int> ReapStaleAsync(TextWriter log, CancellationToken cancellationToken)
    {
        using var endpoint = await DockerEndpoint.ConnectAsync(cancellationToken);
        using var client = endpoint.CreateClient();
        return await ReapStaleAsync(client, log, cancellationToken);
    }

    public static async Task<int> ReapStaleAsync(IDockerClient client, TextWriter log, CancellationToken cancellationToken)
    {
        var containers = await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [ContainerLabels.Run] = true } },
        }, cancellationToken);
        var reaped = 0;
        foreach (var container in containers)
        {
            var owner = container.Labels is { } labels && labels.TryGetValue(ContainerLabels.Owner, out var value) ? value : null;
            if (ContainerLabels.OwnerAlive(owner)) continue;
            try
            {
                await client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken);
                reaped++;
                log.WriteLine($"reaped container {container.ID[..12]} ({string.Join(",", container.Names ?? [])}) of dead owner {owner}");
            }
            catch (DockerContainerNotFoundException)
            {
                // removed meanwhile
            }
        }
        return reaped;
    }

    private static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveAll();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            // Not cancelling the context lets the runtime's default handling terminate the process afterwards.
            Registrations.Add(PosixSignalRegistration.Create(signal, _ => RemoveAll()));
        }
    }
}
