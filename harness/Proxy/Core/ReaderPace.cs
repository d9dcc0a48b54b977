using System.Diagnostics;

namespace KafkaChaos.Proxy.Core;

/// <summary>
/// A reader thread's priority, moderated by its traffic as a network card moderates its interrupts: boosted
/// (<see cref="ThreadPriority.ReaderNice"/>) while data comes as separate messages, so each crosses without waiting
/// for a core; back at the thread's own priority once wake-ups come back to back, so the reader stops preempting the
/// sender at every small write and takes the stream in larger reads; boosted again once messages come apart again.
/// </summary>
/// <remarks>
/// Boosted, a reader woken by every 1 KiB write of a stream runs at once, reads that 1 KiB and sleeps again: a context
/// switch per write on each side (loopback echo at 1 KiB: 74-87 % of direct, 16-17 ms of CPU per MB against 12
/// direct). At normal priority the sender keeps its core for a while and the reader coalesces its writes (116-128 % of
/// direct, 8.4-8.6 ms/MB). Requests and responses (an acks=all write's crossings, ~1.4 ms apart) never look like a
/// stream and keep the boost. A pause is told from a slow reader by the read after it (a stream the reader was slow to
/// serve has piled up more than <see cref="MessageBytes"/>), and one pause from the end of a stream by the ones after it
/// (a stream held back by its receiver pauses too, now and then).
/// </remarks>
internal sealed class ReaderPace
{
    /// <summary>Back-to-back wake-ups in a row that make a stream.</summary>
    public const int StreamWakeUps = 32;

    /// <summary>Paused messages in a row (a pause, then a read under <see cref="MessageBytes"/>) that end a stream.</summary>
    public const int PausedMessages = 8;

    /// <summary>A read after a pause smaller than this is a message (16 KiB).</summary>
    public const int MessageBytes = 16 * 1024;

    /// <summary>A wait for data shorter than this (100 µs) is back to back with the last read.</summary>
    public static readonly long BackToBackTicks = Stopwatch.Frequency / 10_000;

    /// <summary>A wait for data at least this long (1 ms) is a pause.</summary>
    public static readonly long PauseTicks = Stopwatch.Frequency / 1_000;

    private readonly Func<bool, bool> _setBoosted;
    private int _backToBack;
    private int _pausedMessages;
    private bool _afterPause;

    /// <summary>A pace that boosts or unboosts through <paramref name="setBoosted"/> (true = boost; returns whether the
    /// change was made), starting boosted if it can.</summary>
    public ReaderPace(Func<bool, bool> setBoosted)
    {
        _setBoosted = setBoosted;
        Boosted = setBoosted(true);
        Boostable = Boosted;
    }

    /// <summary>Whether the thread runs boosted now.</summary>
    public bool Boosted { get; private set; }

    /// <summary>Whether boosting worked at all (privileges, platform, <c>KAFKA_CHAOS_PROXY_NICE</c>=0): if not, nothing changes.</summary>
    public bool Boostable { get; }

    /// <summary>The pace of the calling reader thread: boosted to <see cref="ThreadPriority.ReaderNice"/>, unboosted to the
    /// nice value it had.</summary>
    public static ReaderPace ForCurrentThread()
    {
        var own = ThreadPriority.CurrentThreadNice();
        return new ReaderPace(boost =>
            own is { } normal && ThreadPriority.ReaderNice != normal && ThreadPriority.TrySetCurrentThread(boost ? ThreadPriority.ReaderNice : normal));
    }

    /// <summary>The reader waited <paramref name="ticks"/> (<see cref="Stopwatch"/> ticks) for data.</summary>
    public void Waited(long ticks)
    {
        _afterPause = ticks >= PauseTicks;
        if (ticks >= BackToBackTicks)
        {
            _backToBack = 0;
            return;
        }

        _pausedMessages = 0;
        if (Boosted && ++_backToBack >= StreamWakeUps)
        {
            _backToBack = 0;
            Boosted = !_setBoosted(false);
        }
    }

    /// <summary>The reader read <paramref name="bytes"/> (after a wait or not): a small read right after a pause is a paused message.</summary>
    public void Read(int bytes)
    {
        if (bytes >= MessageBytes)
        {
            _pausedMessages = 0;
        }
        else if (_afterPause && !Boosted && Boostable && ++_pausedMessages >= PausedMessages)
        {
            _pausedMessages = 0;
            Boosted = _setBoosted(true);
        }

        _afterPause = false;
    }
}
