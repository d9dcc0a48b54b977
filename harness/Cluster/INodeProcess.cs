namespace KafkaChaos.Cluster;

/// <summary>One running node (a broker or ZooKeeper) of some backend: a local JVM, or a container.</summary>
internal interface INodeProcess : IAsyncDisposable
{
    /// <summary>The node's JVM as this host sees it, or null once it is gone.</summary>
    int? Pid { get; }

    bool HasExited { get; }

    /// <summary>How it ended, for error messages ("exit code 1", "killed").</summary>
    string ExitDescription { get; }

    /// <summary>The last lines the node printed.</summary>
    string OutputTail(int lines = 30);

    /// <summary>SIGKILL, then waits until it is gone.</summary>
    Task KillAsync(CancellationToken cancellationToken);

    /// <summary>SIGTERM, SIGKILL when <paramref name="deadline"/> passes; true when it stopped cleanly.</summary>
    Task<bool> StopAsync(TimeSpan deadline, CancellationToken cancellationToken);

    Task PauseAsync(CancellationToken cancellationToken);

    Task ResumeAsync(CancellationToken cancellationToken);
}
