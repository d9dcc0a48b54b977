namespace KafkaChaos.Checkers;

/// <summary>
/// Events counted per whole second of their timestamp, for a series whose range is known only once they are all
/// seen (the sends, counted in the first ledger pass). Consecutive events mostly share a second, so one is usually
/// counted without a lookup.
/// </summary>
internal sealed class SecondTally
{
    private readonly Dictionary<long, long> _counts = [];
    private long _second = long.MinValue;
    private long _pending;

    /// <summary>Counts one event at <paramref name="ticks"/>.</summary>
    public void Add(long ticks)
    {
        long second = ticks / TimeSpan.TicksPerSecond;
        if (second != _second)
        {
            Flush();
            _second = second;
        }
        _pending++;
    }

    /// <summary>The counts: the first tick of each second with events, and how many.</summary>
    public IEnumerable<(long SecondTicks, long Count)> Counts()
    {
        Flush();
        return _counts.Select(c => (c.Key * TimeSpan.TicksPerSecond, c.Value));
    }

    private void Flush()
    {
        if (_pending > 0)
        {
            _counts[_second] = _counts.GetValueOrDefault(_second) + _pending;
            _pending = 0;
        }
    }
}
