namespace KafkaChaos.History;

/// <summary>A few message IDs, grouped by producer with their sequences sorted, to ask which of them fall in a range.</summary>
internal sealed class IdSet
{
    private readonly Dictionary<int, long[]> _sequences;

    /// <summary>The set of <paramref name="ids"/>.</summary>
    public IdSet(IEnumerable<MessageId> ids) =>
        _sequences = ids.GroupBy(id => id.ProducerId).ToDictionary(g => g.Key, g => g.Select(id => id.Sequence).Distinct().Order().ToArray());

    /// <summary>Whether an ID of <paramref name="producer"/> has a sequence in <paramref name="first"/>..<paramref name="last"/>.</summary>
    public bool AnyWithin(int producer, long first, long last)
    {
        if (!_sequences.TryGetValue(producer, out var sequences))
        {
            return false;
        }
        int at = Array.BinarySearch(sequences, first);
        return at >= 0 || (~at < sequences.Length && sequences[~at] <= last);
    }
}
