using KafkaChaos.Proxy.Core;
using NUnit.Framework;
using ThreadPriority = KafkaChaos.Proxy.Core.ThreadPriority;

namespace KafkaChaos.Tests.Proxy.Core;

/// <summary>A reader's priority follows its traffic: boosted for messages, unboosted for a stream of back-to-back
/// writes, boosted again once messages come apart. The priority itself is a syscall; these tests watch the requests.</summary>
internal sealed class ReaderPaceTests
{
    private static readonly long Quick = ReaderPace.BackToBackTicks / 2;
    private static readonly long Pause = ReaderPace.PauseTicks;
    private static readonly long Between = (ReaderPace.BackToBackTicks + ReaderPace.PauseTicks) / 2;

    [Test]
    public void Starts_boosted_and_stays_boosted_for_messages_apart()
    {
        var requests = new List<bool>();
        var pace = new ReaderPace(Record(requests));
        for (var i = 0; i < 10 * ReaderPace.StreamWakeUps; i++)
        {
            pace.Waited(i % 2 == 0 ? Pause : Between);
            pace.Read(1024);
        }

        Assert.That((pace.Boosted, requests), Is.EqualTo((true, new List<bool> { true })));
    }

    [Test]
    public void Back_to_back_wake_ups_unboost_and_only_a_run_of_them_does()
    {
        var requests = new List<bool>();
        var pace = new ReaderPace(Record(requests));
        WakeQuickly(pace, ReaderPace.StreamWakeUps - 1);
        pace.Waited(Between);
        WakeQuickly(pace, ReaderPace.StreamWakeUps - 1);
        Assert.That(pace.Boosted, Is.True, "a slower wake-up starts the count again");

        WakeQuickly(pace, 1);

        Assert.That((pace.Boosted, requests), Is.EqualTo((false, new List<bool> { true, false })));
    }

    [Test]
    public void A_run_of_paused_messages_boosts_again()
    {
        var requests = new List<bool>();
        var pace = new ReaderPace(Record(requests));
        WakeQuickly(pace, ReaderPace.StreamWakeUps);
        for (var i = 0; i < ReaderPace.PausedMessages - 1; i++)
        {
            pace.Waited(Pause);
            pace.Read(ReaderPace.MessageBytes - 1);
        }

        Assert.That(pace.Boosted, Is.False);
        pace.Waited(Pause);
        pace.Read(100);

        Assert.That((pace.Boosted, requests), Is.EqualTo((true, new List<bool> { true, false, true })));
    }

    [Test]
    public void A_stream_that_piled_up_during_a_pause_or_a_quick_wake_up_keeps_it_unboosted()
    {
        var requests = new List<bool>();
        var pace = new ReaderPace(Record(requests));
        WakeQuickly(pace, ReaderPace.StreamWakeUps);
        for (var i = 0; i < 10 * ReaderPace.PausedMessages; i++)
        {
            pace.Waited(Pause);
            pace.Read(i % ReaderPace.PausedMessages == 3 ? ReaderPace.MessageBytes : 512);
            if (i % ReaderPace.PausedMessages == 6)
            {
                WakeQuickly(pace, 1);
            }
        }

        Assert.That((pace.Boosted, requests), Is.EqualTo((false, new List<bool> { true, false })));
    }

    [Test]
    public void A_thread_that_cannot_be_boosted_is_never_asked_again()
    {
        var requests = new List<bool>();
        var pace = new ReaderPace(boost =>
        {
            requests.Add(boost);
            return false;
        });
        WakeQuickly(pace, 3 * ReaderPace.StreamWakeUps);
        for (var i = 0; i < 3 * ReaderPace.PausedMessages; i++)
        {
            pace.Waited(Pause);
            pace.Read(10);
        }

        Assert.That((pace.Boostable, pace.Boosted, requests), Is.EqualTo((false, false, new List<bool> { true })));
    }

    [Test]
    public void The_calling_thread_gets_the_readers_nice_value_and_its_own_back()
    {
        Assume.That(OperatingSystem.IsLinux(), "nice values are Linux's");
        int? before = null, boosted = null, after = null;
        ReaderPace? pace = null;
        var thread = new Thread(() =>
        {
            before = ThreadPriority.CurrentThreadNice();
            pace = ReaderPace.ForCurrentThread();
            boosted = ThreadPriority.CurrentThreadNice();
            WakeQuickly(pace, ReaderPace.StreamWakeUps);
            after = ThreadPriority.CurrentThreadNice();
        });
        thread.Start();
        thread.Join();

        Assume.That(pace!.Boostable, "this process may not raise a thread's priority (no CAP_SYS_NICE)");
        Assert.That((boosted, after), Is.EqualTo(((int?)ThreadPriority.ReaderNice, before)));
    }

    private static void WakeQuickly(ReaderPace pace, int times)
    {
        for (var i = 0; i < times; i++)
        {
            pace.Waited(Quick);
            pace.Read(1024);
        }
    }

    private static Func<bool, bool> Record(List<bool> requests) => boost =>
    {
        requests.Add(boost);
        return true;
    };
}
