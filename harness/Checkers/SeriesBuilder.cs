using System.Runtime.CompilerServices;

namespace KafkaChaos.Checkers;

/// <summary>Accumulates <see cref="PerSecondSeries"/> buckets.</summary>
internal sealed class SeriesBuilder
{
    private readonly long _startTicks;
    private readonly long[] _sends, _acks, _failures, _indeterminate, _consumed;

    public SeriesBuilder(long firstTicks, long lastTicks)
    {
        _startTicks = firstTicks - firstTicks % TimeSpan.TicksPerSecond;
        long seconds = (lastTicks - _startTicks) / TimeSpan.TicksPerSecond + 1;
        int length = (int)Math.Clamp(seconds, 1, PerSecondSeries.MaxSeconds);
        _sends = new long[length];
        _acks = new long[length];
        _failures = new long[length];
        _indeterminate = new long[length];
        _consumed = new long[length];
    }

    /// <summary>Adds the sends, counted per second before the range was known.</summary>
    public void AddSends(SecondTally sends)
    {
        foreach (var (secondTicks, count) in sends.Counts())
        {
            _sends[Bucket(secondTicks)] += count;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Ack(long ticks) => _acks[Bucket(ticks)]++;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Failure(long ticks) => _failures[Bucket(ticks)]++;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Indeterminate(long ticks) => _indeterminate[Bucket(ticks)]++;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Consumed(long ticks) => _consumed[Bucket(ticks)]++;

    public PerSecondSeries Build() =>
        new(new DateTimeOffset(_startTicks, TimeSpan.Zero), _sends, _acks, _failures, _indeterminate, _consumed);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Bucket(long ticks)
    {
        long bucket = (ticks - _startTicks) / TimeSpan.TicksPerSecond;
        return (int)Math.Clamp(bucket, 0, _sends.Length - 1);
    }
}
