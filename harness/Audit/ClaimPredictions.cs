using System.Globalization;

namespace KafkaChaos.Audit;

/// <summary>
/// What CLAIMS.md predicts per battery fault and guarantee for a configuration: a small rules table (B1/B2 for
/// acks 0/1 under leader changes, B3/B4 for acks=all by min.insync.replicas, B7 for unclean election, D1–D3 for
/// retries, idempotence and in-flight, P1/P2 for the send mode, C1–C4 for commit mode and dedupe).
/// </summary>
internal static class ClaimPredictions
{
    private static readonly HashSet<string> LeaderChanges = ["leader-kill", "slow-followers-leader-kill", "broker-isolation", "rolling-restart"];
    private static readonly HashSet<string> ConsumerFaults = ["consumer-crash-before-commit", "consumer-crash-after-processing"];

    /// <summary>The prediction for <paramref name="fault"/> (a template name) and <paramref name="guarantee"/>.</summary>
    public static Prediction Predict(string fault, Guarantee guarantee, AuditConfiguration c)
    {
        var retries = long.Parse(DeliveryDefaults.Value(c.Producer, "message.send.max.retries"), CultureInfo.InvariantCulture) > 0;
        var inFlight = long.Parse(DeliveryDefaults.Value(c.Producer, "max.in.flight.requests.per.connection"), CultureInfo.InvariantCulture);
        var autoCommit = c.CommitMode == AuditCommitMode.Auto;
        var fireAndForget = c.Pattern.SendMode == Scenarios.SendMode.FireAndForget;
        var consumerFault = ConsumerFaults.Contains(fault);
        var producerFault = !consumerFault;
        switch (guarantee)
        {
            case Guarantee.AckedLoss:
                if (consumerFault) return c.Acks == "0" ? Prediction.None : new(PredictionKind.Zero, "B3", "the brokers are not touched");
                if (c.Acks == "0")
                    return fault == "slow-followers-leader-kill" ? new(PredictionKind.Expected, "B1", "acks=0: records only the dead leader had are gone, unreported")
                        : LeaderChanges.Contains(fault) || fault == "brokers-unreachable" ? new(PredictionKind.Possible, "B1", "acks=0 acknowledges before any broker has the record") : Prediction.None;
                if (c.Acks == "1")
                    return fault == "slow-followers-leader-kill" ? new(PredictionKind.Expected, "B2", "acks=1: the leader acknowledged records no follower had when it died")
                        : LeaderChanges.Contains(fault) ? new(PredictionKind.Possible, "B2", "acks=1 acknowledges on the leader alone") : new(PredictionKind.Zero, "B2", "no leader change");
                if (c.Topic.UncleanLeaderElection && fault is "broker-isolation" or "rolling-restart")
                    return new(PredictionKind.Possible, "B7", "unclean leader election may elect an out-of-sync replica");
                if (c.Topic.MinInsyncReplicas < 2 && fault is "broker-isolation" or "rolling-restart")
                    return new(PredictionKind.Possible, "B4", "acks=all with min.insync.replicas=1 degrades to acks=1 once the ISR shrinks to the leader");
                return new(PredictionKind.Zero, c.Topic.MinInsyncReplicas >= 2 ? "B3" : "B4", "acks=all: every in-sync replica had each acknowledged record");
            case Guarantee.SilentLoss:
                if (!fireAndForget) return new(PredictionKind.Zero, "P2", "the application sees every send's result");
                if (fault == "brokers-unreachable" && AuditOverlay.Outage(c).OutlastsTimeout)
                    return new(PredictionKind.Expected, "P1", "fire-and-forget: sends that time out are lost and nobody looks");
                return producerFault ? new(PredictionKind.Possible, "P1", "fire-and-forget: a failed send goes unnoticed") : Prediction.None;
            case Guarantee.DuplicatesInLog:
                if (consumerFault) return Prediction.None;
                if (c.Idempotent) return new(PredictionKind.Zero, "D2", "the idempotent producer drops retried duplicates");
                if (!retries) return new(PredictionKind.Zero, "D1", "no retries, no retried duplicates");
                return fault == "network-cut-after-append" && c.Acks != "0"
                    ? new(PredictionKind.Expected, "D1", "the retry of an appended request whose response was lost writes it again")
                    : new(PredictionKind.Possible, "D1", "retries without idempotence can write a record twice");
            case Guarantee.DuplicateProcessing:
                if (!consumerFault) return Prediction.None;
                if (c.Pattern.Dedupe) return new(PredictionKind.Zero, "C4", "the consumer skips IDs it has processed");
                if (autoCommit)
                {
                    var interval = long.Parse(DeliveryDefaults.Value(c.Consumer, "auto.commit.interval.ms"), CultureInfo.InvariantCulture);
                    return fault == "consumer-crash-after-processing" && interval >= 1000
                        ? new(PredictionKind.Expected, "C2", $"auto commit every {interval} ms: what was processed since the last one is processed again")
                        : new(PredictionKind.Possible, "C2", "auto commit: what was processed after the last commit is processed again");
                }
                return new(PredictionKind.Possible, "C3", "commit after processing: the record processed but not yet committed is processed again");
            case Guarantee.Unprocessed:
                if (!consumerFault) return Prediction.None;
                return autoCommit ? new(PredictionKind.Possible, "C1", "auto commit stores offsets when poll returns: a crash can skip polled, unprocessed records")
                    : new(PredictionKind.Zero, "C3", "commit after processing never commits past an unprocessed record");
            case Guarantee.Reordered:
                if (consumerFault) return Prediction.None;
                if (c.Idempotent) return new(PredictionKind.Zero, "D3", "the idempotent producer keeps order");
                if (inFlight <= 1) return new(PredictionKind.Zero, "D3", "one request in flight keeps order");
                return retries ? new(PredictionKind.Possible, "D3", $"retries with {inFlight} requests in flight can reorder") : Prediction.None;
            default:
                if (fault == "brokers-unreachable")
                    return AuditOverlay.Outage(c).OutlastsTimeout
                        ? new(PredictionKind.Expected, "P2", "the outage outlasts message.timeout.ms: sends time out")
                        : new(PredictionKind.Possible, "P2", "the outage is shorter than message.timeout.ms (the audit waits at most 15 s)");
                if (c.Acks == "all" && c.Topic.MinInsyncReplicas >= c.Topic.ReplicationFactor && LeaderChanges.Contains(fault))
                    return new(PredictionKind.Expected, "B6", "min.insync.replicas equals the replication factor: one broker down stops writes");
                return Prediction.None;
        }
    }
}
