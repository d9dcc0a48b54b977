using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Containers;

namespace KafkaChaos.Cluster.Docker;

/// <summary>
/// One node as a container (started through Testcontainers) whose faults go through Docker itself: SIGKILL
/// (<c>docker kill</c>), stop with a timeout (<c>docker stop</c>: SIGTERM, then SIGKILL), pause and unpause (the cgroup
/// freezer) and a start of the same container again. The JVM's output goes to stdout.log in the node's directory,
/// which the container sees at its host path.
/// </summary>
internal sealed class DockerNode : INodeProcess
{
    private readonly IContainer _container;
    private readonly IDockerClient _client;
    private readonly string _outputFile;
    private int? _pid;
    private long? _exitCode;

    private DockerNode(IContainer container, IDockerClient client, string outputFile)
    {
        _container = container;
        _client = client;
        _outputFile = outputFile;
    }

    public string Id => _container.Id;

    /// <summary>Starts <paramref name="container"/> and learns its JVM's host pid.</summary>
    public static async Task<DockerNode> StartAsync(IContainer container, IDockerClient client, DockerEndpoint endpoint, string outputFile,
        CancellationToken cancellationToken)
    {
        var node = new DockerNode(container, client, outputFile);
        try
        {
            await container.StartAsync(cancellationToken);
        }
        finally
        {
            if (!string.IsNullOrEmpty(container.Id)) DockerReaper.Track(container.Id, endpoint);
        }
        await node.RefreshAsync(cancellationToken);
        return node;
    }

    /// <summary>Starts this node's stopped or killed container again (its configuration and data are kept).</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        await _client.Containers.StartContainerAsync(Id, new ContainerStartParameters(), cancellationToken);
        await RefreshAsync(cancellationToken);
    }

    /// <summary>The container's JVM (exec'd as its first process), seen from this host; null once it is gone.</summary>
    public int? Pid => _pid is { } pid && PosixSignals.Exists(pid) ? pid : null;

    public bool HasExited => Pid is null;

    public string ExitDescription => _exitCode is { } code ? $"exit code {code}" : HasExited ? "gone" : "running";

    public string OutputTail(int lines = 30) => LogTail.Read(_outputFile, lines);

    public async Task KillAsync(CancellationToken cancellationToken)
    {
        if (HasExited) return;
        await _client.Containers.KillContainerAsync(Id, new ContainerKillParameters { Signal = "SIGKILL" }, cancellationToken);
        await WaitExitAsync(cancellationToken);
    }

    public async Task<bool> StopAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        if (HasExited) return true;
        var inspected = await _client.Containers.InspectContainerAsync(Id, cancellationToken);
        if (inspected.State is { Paused: true }) await _client.Containers.UnpauseContainerAsync(Id, cancellationToken);
        await _client.Containers.StopContainerAsync(Id, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Ceiling(deadline.TotalSeconds) }, cancellationToken);
        await WaitExitAsync(cancellationToken);
        // 137 = 128 + SIGKILL: Docker had to kill it when the deadline passed.
        return _exitCode != 137;
    }

    public Task PauseAsync(CancellationToken cancellationToken) => _client.Containers.PauseContainerAsync(Id, cancellationToken);

    public Task ResumeAsync(CancellationToken cancellationToken) => _client.Containers.UnpauseContainerAsync(Id, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _container.DisposeAsync();
            // Without Ryuk, Testcontainers' disposal stops the container but leaves it: remove it.
            await DockerReaper.RemoveAsync(_client, Id);
        }
        finally
        {
            DockerReaper.Untrack(Id);
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var inspected = await _client.Containers.InspectContainerAsync(Id, cancellationToken);
        var running = inspected.State is { Running: true };
        _pid = running ? (int)inspected.State!.Pid : null;
        _exitCode = running ? null : inspected.State?.ExitCode;
    }

    private async Task WaitExitAsync(CancellationToken cancellationToken)
    {
        var result = await _client.Containers.WaitContainerAsync(Id, cancellationToken);
        _exitCode = result.StatusCode;
        _pid = null;
    }
}
