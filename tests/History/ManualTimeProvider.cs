namespace KafkaChaos.Tests.History;

/// <summary>A clock that moves only when told (or by a fixed step per reading).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start, TimeSpan stepPerReading = default) : TimeProvider
{
    private DateTimeOffset _now = start;

    public static DateTimeOffset DefaultStart { get; } = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        var now = _now;
        _now += stepPerReading;
        return now;
    }

    public void Advance(TimeSpan by) => _now += by;
}
