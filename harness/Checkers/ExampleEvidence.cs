using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>What the second pass gathers about one example ID: where it was acked, stored, consumed and processed.</summary>
internal sealed class ExampleEvidence
{
    /// <summary>Completions beyond this many per list are not kept (an ID retried thousands of times).</summary>
    private const int MaxPerList = 16;

    public List<SendOutcome> Outcomes { get; } = [];
    public List<(int Partition, long Offset)> Log { get; } = [];
    public List<(int Partition, long Offset, int Consumer)> Consumed { get; } = [];
    public List<(int Partition, long Offset, int Consumer)> Processed { get; } = [];

    public static void AddBounded<T>(List<T> list, T item)
    {
        if (list.Count < MaxPerList)
        {
            list.Add(item);
        }
    }
}
