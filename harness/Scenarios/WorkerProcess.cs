namespace KafkaChaos.Scenarios;

/// <summary>Where a producer or consumer worker runs.</summary>
internal enum WorkerProcess
{
    /// <summary>Inside the <c>chaos</c> process.</summary>
    InProcess,
    /// <summary>A child process of the <c>chaos</c> tool, so a fault can SIGKILL it.</summary>
    Child,
}
