namespace KafkaChaos.Tests.Proxy.Support;

/// <summary>Every wait in the proxy tests is bounded: a hang fails the test instead of the suite.</summary>
internal static class Deadline
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static Task<T> Within<T>(this Task<T> task, TimeSpan? timeout = null) => task.WaitAsync(timeout ?? Default);

    public static Task Within(this Task task, TimeSpan? timeout = null) => task.WaitAsync(timeout ?? Default);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Default);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(5);
        }
    }
}
