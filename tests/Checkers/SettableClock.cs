namespace KafkaChaos.Tests.Checkers;

/// <summary>A clock that reads whatever it was last set to: lets a test stamp ledger records with chosen times.</summary>
internal sealed class SettableClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
