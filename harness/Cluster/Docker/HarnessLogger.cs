using Microsoft.Extensions.Logging;

namespace KafkaChaos.Cluster.Docker;

/// <summary>Testcontainers' log lines into the harness log (not the console, where a run prints its progress).</summary>
internal sealed class HarnessLogger(TextWriter log) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} testcontainers: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.Message})")}");
    }
}
