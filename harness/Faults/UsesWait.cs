namespace KafkaChaos.Faults;

/// <summary>Polls a toxic's <c>uses</c> until it reaches a count, with a deadline.</summary>
internal static class UsesWait
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task UntilAsync(Func<CancellationToken, Task<long>> uses, long count, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var last = 0L;
        try
        {
            while ((last = await uses(deadline.Token)) < count)
                await Task.Delay(PollInterval, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#}s waiting for {what} ({last} of {count}).");
        }
    }
}
