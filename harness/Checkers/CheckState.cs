using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>
/// What one check accumulates across its passes (<see cref="CheckRun"/>): the per-ID table, the compact final
/// read, counts per finding, and the few examples. Nothing here grows with the number of events.
/// </summary>
internal sealed class CheckState(CheckOptions options)
{
    private readonly long[] _counts = new long[Enum.GetValues<FindingKind>().Length];
    private readonly Dictionary<FindingKind, List<MessageId>> _exampleIds = [];

    /// <summary>The options of the check.</summary>
    public CheckOptions Options { get; } = options;

    /// <summary>Examples kept per finding.</summary>
    public int MaxExamples { get; } = options.MaxExamples;

    /// <summary>The per-ID cells, set after the invocation pass.</summary>
    public IdTable Table { get; set; } = null!;

    /// <summary>The order check across producers, when it applies.</summary>
    public CrossProducerOrder? CrossProducer { get; set; }

    /// <summary>The final read, compacted.</summary>
    public FinalReadIndex FinalRead { get; } = new();

    /// <summary>The highest offset committed per partition.</summary>
    public Dictionary<int, long> Committed { get; } = [];

    /// <summary>Unexpected IDs and values.</summary>
    public UnexpectedIds Unexpected { get; } = new(options.MaxExamples);

    /// <summary>Examples of <see cref="FindingKind.Reordered"/>.</summary>
    public List<FindingExample> ReorderedExamples { get; } = [];

    /// <summary>Examples of <see cref="FindingKind.TruncatedAckedOffsets"/>.</summary>
    public List<FindingExample> TruncatedExamples { get; } = [];

    /// <summary>Examples of <see cref="FindingKind.CompletionWithoutInvocation"/>.</summary>
    public List<FindingExample> OrphanExamples { get; } = [];

    /// <summary>Truncated acknowledged offsets per partition: lowest, highest, how many.</summary>
    public SortedDictionary<int, (long Min, long Max, long Count)> TruncatedByPartition { get; } = [];

    /// <summary>Fail and indeterminate completions per error code.</summary>
    public Dictionary<string, long> FailuresByCode { get; } = new(StringComparer.Ordinal);

    /// <summary>Evidence gathered for each example ID.</summary>
    public Dictionary<MessageId, ExampleEvidence> Evidence { get; } = [];

    /// <summary>Unacknowledged-but-present IDs whose status is failed (not indeterminate).</summary>
    public long FailedButPresent { get; set; }

    /// <summary>Unprocessed IDs behind the group's committed offset.</summary>
    public long UnprocessedBehindCommit { get; set; }

    /// <summary>Counts one instance of <paramref name="kind"/>.</summary>
    public void Count(FindingKind kind) => _counts[(int)kind]++;

    /// <summary>Sets the count of <paramref name="kind"/>.</summary>
    public void SetCount(FindingKind kind, long count) => _counts[(int)kind] = count;

    /// <summary>The count of <paramref name="kind"/>.</summary>
    public long CountOf(FindingKind kind) => kind == FindingKind.Unexpected ? Unexpected.Count : _counts[(int)kind];

    /// <summary>The IDs chosen as examples of <paramref name="kind"/>.</summary>
    public IReadOnlyList<MessageId> ExampleIds(FindingKind kind) => _exampleIds.GetValueOrDefault(kind) ?? [];

    /// <summary>Chooses <paramref name="id"/> as an example of <paramref name="kind"/> while fewer than the limit are chosen.</summary>
    public void PickExample(FindingKind kind, MessageId id, ref IdCell cell)
    {
        if (!_exampleIds.TryGetValue(kind, out var ids))
        {
            _exampleIds[kind] = ids = [];
        }
        if (ids.Count >= MaxExamples)
        {
            return;
        }
        ids.Add(id);
        cell.Flags |= IdCell.Example;
        Evidence.TryAdd(id, new ExampleEvidence());
    }
}
