using System.Diagnostics;
using KafkaChaos.Provisioning;

namespace KafkaChaos.Workload;

/// <summary>
/// The child side of a worker process (<c>chaos worker --spec FILE</c>): runs the same in-process worker and
/// speaks the <see cref="WorkerMessage"/> protocol. It dies with its parent: end of stdin means the parent is
/// gone, and the child SIGKILLs itself (no flush, exactly like a crash).
/// </summary>
internal static class WorkerHost
{
    private static readonly TimeSpan CounterInterval = TimeSpan.FromMilliseconds(20);
    private static readonly Lock OutputGate = new();

    /// <summary>Runs the worker described in <paramref name="specPath"/>; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string specPath, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        var spec = WorkerSpec.FromJson(await File.ReadAllTextAsync(specPath, cancellationToken).ConfigureAwait(false));
        LibrdkafkaLocator.EnsureLoaded(spec.LibrdkafkaPath);
        var context = spec.ToContext();
        IWorker worker;
        try
        {
            worker = spec.Producer is { } producer
                ? await ProducerWorker.StartAsync(producer, context, cancellationToken).ConfigureAwait(false)
                : await ConsumerWorker.StartAsync(spec.Consumer ?? throw new InvalidDataException("The spec has neither a producer nor a consumer."), context, cancellationToken).ConfigureAwait(false);
        }
        catch (WorkerConfigurationException ex)
        {
            Send(output, new WorkerMessage(WorkerMessage.Failed, Error: ex.Message, PropertyName: ex.PropertyName));
            return 2;
        }
        catch (Exception ex)
        {
            Send(output, new WorkerMessage(WorkerMessage.Failed, Error: $"{ex.GetType().Name}: {ex.Message}"));
            return 1;
        }

        Send(output, new WorkerMessage(WorkerMessage.Ready, worker.Counters));
        using var done = new CancellationTokenSource();
        var pump = PumpCountersAsync(worker, output, done.Token);
        _ = worker.WaitPausedAsync(done.Token).ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully) Send(output, new WorkerMessage(WorkerMessage.Paused, worker.Counters));
        }, TaskScheduler.Default);
        _ = worker.Completion.ContinueWith(t => Send(output, t.IsFaulted
            ? new WorkerMessage(WorkerMessage.Failed, worker.Counters, t.Exception!.InnerException!.Message)
            : new WorkerMessage(WorkerMessage.Completed, worker.Counters)), TaskScheduler.Default);

        while (true)
        {
            string? command = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            switch (command?.Trim())
            {
                case null:
                    // The parent is gone: die as a crash would, leaving no orphan behind.
                    Process.GetCurrentProcess().Kill();
                    return 137;
                case "resume":
                    await worker.ResumeAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case "stop":
                    await worker.StopAsync(cancellationToken).ConfigureAwait(false);
                    await done.CancelAsync().ConfigureAwait(false);
                    await pump.ConfigureAwait(false);
                    Send(output, new WorkerMessage(WorkerMessage.Stopped, worker.Counters));
                    await worker.DisposeAsync().ConfigureAwait(false);
                    return 0;
                default:
                    Console.Error.WriteLine($"worker: unknown command '{command}'");
                    break;
            }
        }
    }

    private static async Task PumpCountersAsync(IWorker worker, TextWriter output, CancellationToken cancellationToken)
    {
        WorkerCounters last = WorkerCounters.Zero;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(CounterInterval, cancellationToken).ConfigureAwait(false);
                var now = worker.Counters;
                if (now != last)
                {
                    Send(output, new WorkerMessage(WorkerMessage.CountersEvent, now));
                    last = now;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static void Send(TextWriter output, WorkerMessage message)
    {
        lock (OutputGate)
        {
            output.WriteLine(message.ToLine());
            output.Flush();
        }
    }
}
