using KafkaChaos.Checkers;
using KafkaChaos.Reports;

namespace KafkaChaos.Tests.Reports;

/// <summary>Small, fixed runs for the writer tests.</summary>
internal static class SampleRuns
{
    public static readonly DateTimeOffset Start = new(2026, 11, 21, 23, 0, 0, TimeSpan.Zero);

    public static ScenarioOutcome Passed() => new()
    {
        Scenario = "b2-acks1-leader-kill",
        Claim = "B2",
        Title = "acks=1 loses acknowledged messages when the leader dies before followers copy them",
        Categories = ["claims", "broker"],
        KafkaVersion = "0.9.0.1",
        Expected = [new ExpectedCondition("ackedLost == 100", 100, true)],
        Passed = true,
        Seed = 42,
        StartedAt = Start,
        DurationMs = 12_345,
        PhaseDurationsMs = new Dictionary<string, long> { ["warmup"] = 0, ["faultWindow"] = 9000, ["heal"] = 2000, ["drain"] = 1000 },
        Counts = new CheckCounts { Sent = 600, Acked = 590, Indeterminate = 10, AckedLost = 100, UnackedPresent = 4 },
        FailuresByError = new Dictionary<string, long> { ["_MSG_TIMED_OUT"] = 10 },
        Findings = [ReportFinding.Create("ackedLost", 100, Enumerable.Range(100, 100).Select(i => $"p0-{i}"), "acked by the old leader only")],
        Settings = new EffectiveSettings
        {
            Broker = new Dictionary<string, string> { ["replica.lag.time.max.ms"] = "30000", ["unclean.leader.election.enable"] = "false" },
            Topic = new Dictionary<string, string> { ["replication.factor"] = "3" },
            Producer = new Dictionary<string, string> { ["acks"] = "1" },
        },
        ThroughputPerSecond = 98.5,
        Timeline = new Timeline
        {
            Points = Enumerable.Range(0, 12).Select(s => new TimelinePoint(s, s is >= 2 and <= 7 ? 0 : 100, s == 7 ? 10 : 0)).ToList(),
            FaultWindows = [new FaultWindow("stall-followers", 0, 2100), new FaultWindow("kill-leader", 1000, null)],
            LeaderChanges = [new LeaderChange(7200, 0, 1, 2)],
        },
    };

    public static ScenarioOutcome Failed() => new()
    {
        Scenario = "b3-acks-all-minisr2",
        Claim = "B3",
        Title = "acks=all | minISR=2 <loses> nothing",
        Categories = ["claims", "broker"],
        KafkaVersion = "0.9.0.1",
        Expected = [new ExpectedCondition("ackedLost == 0", 3, false), new ExpectedCondition("errors.any > 0", 5, true)],
        Passed = false,
        Seed = 7,
        DurationMs = 9000,
        Counts = new CheckCounts { Sent = 600, Acked = 500, Failed = 100, AckedLost = 3 },
        Findings = [ReportFinding.Create("ackedLost", 3, ["p0-17", "p0-18", "p0-19"])],
        Timeline = new Timeline { Points = [new TimelinePoint(0, 50, 0), new TimelinePoint(1, 0, 5)] },
    };

    public static ScenarioOutcome NotApplicable() => new()
    {
        Scenario = "d2-idempotent-no-duplicates",
        Claim = "D2",
        Title = "enable.idempotence=true with acks=all removes retry duplicates",
        KafkaVersion = "0.9.0.1",
        Applicable = false,
        NotApplicableReason = "the idempotent producer needs Kafka 0.11+",
    };

    public static ScenarioOutcome Broken() => new()
    {
        Scenario = "c1-auto-commit-loss",
        Claim = "C1",
        Title = "Auto commit can lose messages",
        KafkaVersion = "0.9.0.1",
        Error = "consumer child process did not start",
    };

    public static RunReport Run(params ScenarioOutcome[] outcomes) => new()
    {
        KafkaVersion = "0.9.0.1",
        StartedAt = Start,
        DurationMs = 60_000,
        Outcomes = outcomes.Length == 0 ? [Passed(), Failed(), NotApplicable(), Broken()] : outcomes,
        Capabilities = ["leaderKill", "stallReplicaFetch"],
    };
}
