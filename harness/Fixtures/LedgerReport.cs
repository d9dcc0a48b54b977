using System.Text;
using KafkaChaos.Checkers;

namespace KafkaChaos.Fixtures;

/// <summary>What <see cref="ChaosLedger.CheckAsync"/> found: the counts, the findings with example message ids, and
/// assertions whose messages name the lost and duplicated ids.</summary>
public sealed class LedgerReport
{
    internal LedgerReport(string topic, CheckResult result, long recordsInTopic, IReadOnlyDictionary<int, string> unavailable)
    {
        Topic = topic;
        Counts = LedgerCounts.From(result.Counts, recordsInTopic);
        Findings = result.Findings.Select(f => new LedgerFinding(f.Kind.ToString(), f.IsAnomaly, f.Count, f.Description,
            f.Examples.Select(e => $"{(e.Id is { } id ? id.ToString() : "?")} ({e.Detail})").ToList())).ToList();
        UnreadPartitions = unavailable;
    }

    /// <summary>The checked topic.</summary>
    public string Topic { get; }

    /// <summary>The counts.</summary>
    public LedgerCounts Counts { get; }

    /// <summary>Every class of outcome found, anomalies and not.</summary>
    public IReadOnlyList<LedgerFinding> Findings { get; }

    /// <summary>Partitions the final read could not read to their end, with the reason (absence there is not evidence of loss).</summary>
    public IReadOnlyDictionary<int, string> UnreadPartitions { get; }

    /// <summary>The finding of a kind (e.g. <c>"AckedLost"</c>), or null when none was found.</summary>
    /// <param name="kind">The finding kind's name.</param>
    public LedgerFinding? Find(string kind) => Findings.FirstOrDefault(f => f.Kind == kind);

    /// <summary>Fails unless no acknowledged message was lost.</summary>
    /// <exception cref="ChaosAssertionException">Acknowledged messages are missing; the message names them.</exception>
    public void AssertNoAckedLoss()
    {
        RequireRead();
        if (Counts.AckedLost > 0) throw Fail("no acknowledged message lost", "AckedLost", "AckedLostAfterConsumption");
    }

    /// <summary>Fails unless no message is in the topic twice and none was processed twice.</summary>
    /// <exception cref="ChaosAssertionException">Duplicates exist; the message names them.</exception>
    public void AssertNoDuplicates()
    {
        RequireRead();
        if (Counts.DuplicatesInLog + Counts.DuplicateProcessing > 0) throw Fail("no duplicates", "DuplicateInLog", "DuplicateProcessing");
    }

    /// <summary>Fails unless the check found no anomaly of any kind (loss, duplicates, reordering, unexpected records).</summary>
    /// <exception cref="ChaosAssertionException">An anomaly exists; the message names the ids.</exception>
    public void AssertClean()
    {
        RequireRead();
        var kinds = Findings.Where(f => f.IsAnomaly && f.Count > 0).Select(f => f.Kind).ToArray();
        if (kinds.Length > 0) throw Fail("no anomaly", kinds);
    }

    /// <summary>The counts and every anomaly with its example ids, one per line.</summary>
    public override string ToString()
    {
        var c = Counts;
        var text = new StringBuilder($"{Topic}: sent {c.Sent}, acked {c.Acked}, failed {c.Failed}, indeterminate {c.Indeterminate}, in topic {c.RecordsInTopic}; " +
            $"acked lost {c.AckedLost}, duplicates in log {c.DuplicatesInLog}, duplicate processing {c.DuplicateProcessing}, unprocessed {c.Unprocessed}, reordered {c.Reordered}, unexpected {c.Unexpected}");
        foreach (var f in Findings.Where(f => f.IsAnomaly && f.Count > 0))
            text.Append($"\n  {f.Kind} ({f.Count}): {string.Join(", ", f.Examples)}");
        foreach (var (partition, reason) in UnreadPartitions) text.Append($"\n  partition {partition} not read to its end: {reason}");
        return text.ToString();
    }

    private void RequireRead()
    {
        // No verdict without evidence: an unread partition cannot show that nothing was lost.
        if (UnreadPartitions.Count > 0)
            throw new ChaosAssertionException($"Expected a complete read of {Topic}, but {string.Join("; ", UnreadPartitions.Select(u => $"partition {u.Key}: {u.Value}"))}.\n{this}");
    }

    private ChaosAssertionException Fail(string expected, params string[] kinds)
    {
        var named = Findings.Where(f => kinds.Contains(f.Kind) && f.Count > 0)
            .Select(f => $"{f.Kind} {f.Count}: {string.Join(", ", f.Examples)}");
        return new ChaosAssertionException($"Expected {expected} in {Topic}, but {string.Join("; ", named)}.\n{this}");
    }
}
