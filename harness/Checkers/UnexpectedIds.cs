using System.Text;
using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>
/// Never-invoked IDs and undecodable values (<see cref="FindingKind.Unexpected"/>), each counted once. Examples
/// come in the order "the log, then consumptions, then processings", whatever order consumptions and processings
/// are streamed in: an ID only ever processed is held back until the end shows it was never consumed either.
/// </summary>
internal sealed class UnexpectedIds(int maxExamples)
{
    private readonly HashSet<MessageId> _foreign = [];
    private readonly HashSet<(int Partition, long Offset)> _undecodable = [];
    private readonly HashSet<MessageId> _processedOnly = [];
    private readonly List<(MessageId Id, int Partition, long Offset, int Consumer)> _processedCandidates = [];
    private readonly List<FindingExample> _examples = [];
    private readonly Dictionary<(int Partition, long Offset), int> _logUndecodableExamples = [];

    /// <summary>Distinct unexpected IDs and undecodable positions.</summary>
    public long Count => _foreign.Count + _processedOnly.Count + _undecodable.Count;

    /// <summary>A never-invoked ID in the final read.</summary>
    public void InLog(MessageId id, int partition, long offset) => Foreign(id, partition, offset, "in the log, never invoked");

    /// <summary>An undecodable value in the final read; its prefix may follow through <see cref="LogPrefix"/>.</summary>
    public void UndecodableInLog(int partition, long offset)
    {
        if (Undecodable(partition, offset, "undecodable value in the log"))
        {
            _logUndecodableExamples[(partition, offset)] = _examples.Count - 1;
        }
    }

    /// <summary>The first bytes of an undecodable value of the final read: shown in its example, if it has one.</summary>
    public void LogPrefix(int partition, long offset, ReadOnlySpan<byte> prefix)
    {
        if (_logUndecodableExamples.Remove((partition, offset), out int at))
        {
            var hex = new StringBuilder(" (starts ").Append(Convert.ToHexString(prefix)).Append(')');
            _examples[at] = new FindingExample(null, [partition], [offset], $"p{partition}@{offset}: undecodable value in the log{hex}");
        }
    }

    /// <summary>A consumed record that is undecodable (<paramref name="id"/> null) or was never invoked.</summary>
    public void Consumed(MessageId? id, int partition, long offset, int consumer)
    {
        if (id is not { } value)
        {
            Undecodable(partition, offset, $"undecodable value consumed by consumer {consumer}");
        }
        else if (Foreign(value, partition, offset, $"consumed by consumer {consumer}, never invoked"))
        {
            _processedOnly.Remove(value);
        }
    }

    /// <summary>A processed ID that was never invoked.</summary>
    public void Processed(MessageId id, int partition, long offset, int consumer)
    {
        if (!_foreign.Contains(id) && _processedOnly.Add(id))
        {
            _processedCandidates.Add((id, partition, offset, consumer));
        }
    }

    /// <summary>The examples, up to the limit.</summary>
    public List<FindingExample> Examples()
    {
        var examples = new List<FindingExample>(_examples);
        foreach (var (id, partition, offset, consumer) in _processedCandidates)
        {
            if (examples.Count >= maxExamples)
            {
                break;
            }
            if (_processedOnly.Contains(id))
            {
                examples.Add(new FindingExample(id, [partition], [offset], $"{id} at p{partition}@{offset}: processed by consumer {consumer}, never invoked"));
            }
        }
        return examples;
    }

    private bool Foreign(MessageId id, int partition, long offset, string detail)
    {
        if (!_foreign.Add(id))
        {
            return false;
        }
        if (_examples.Count < maxExamples)
        {
            _examples.Add(new FindingExample(id, [partition], [offset], $"{id} at p{partition}@{offset}: {detail}"));
        }
        return true;
    }

    private bool Undecodable(int partition, long offset, string detail)
    {
        if (!_undecodable.Add((partition, offset)) || _examples.Count >= maxExamples)
        {
            return false;
        }
        _examples.Add(new FindingExample(null, [partition], [offset], $"p{partition}@{offset}: {detail}"));
        return true;
    }
}
