using System.Buffers.Binary;
using KafkaChaos.History;

namespace KafkaChaos.Workload;

/// <summary>
/// The idempotent consumer's own store of processed IDs (claim C4), shared by every consumer incarnation of a
/// group in the run directory: each incarnation appends 12-byte records (producer id, sequence; little-endian)
/// to its own file <c>dedupe-{group}-{stream}.ids</c> and reads every file of the group when it starts and on
/// each partition assignment (redeliveries follow a rebalance or a restart). One write per ID, so a SIGKILL
/// tears at most the last record, which readers skip.
/// </summary>
/// <remarks>
/// The ID is stored right after the processing record, not atomically with it: a SIGKILL between the two
/// writes leaves a processed ID the store does not know, and its redelivery is processed again. A consumer
/// still processing a partition it lost in a rebalance can race its successor the same way.
/// </remarks>
internal sealed class DedupeStore : IDisposable
{
    private const int RecordBytes = 12;
    private readonly string _directory;
    private readonly string _prefix;
    private readonly FileStream _own;
    private readonly HashSet<MessageId> _seen = [];
    private readonly Dictionary<string, long> _readUpTo = new(StringComparer.Ordinal);
    private readonly byte[] _record = new byte[RecordBytes];

    private DedupeStore(string directory, string prefix, string ownPath)
    {
        _directory = directory;
        _prefix = prefix;
        _own = new FileStream(ownPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _readUpTo[ownPath] = 0;
        Refresh();
    }

    public static DedupeStore Open(string runDirectory, string group, string streamName)
    {
        string prefix = $"dedupe-{Sanitize(group)}-";
        return new DedupeStore(runDirectory, prefix, Path.Combine(runDirectory, prefix + streamName + ".ids"));
    }

    public int Count => _seen.Count;

    public bool Contains(MessageId id) => _seen.Contains(id);

    /// <summary>Durable. Remembers <paramref name="id"/> as processed.</summary>
    public void Add(MessageId id)
    {
        if (!_seen.Add(id)) return;
        BinaryPrimitives.WriteInt32LittleEndian(_record, id.ProducerId);
        BinaryPrimitives.WriteInt64LittleEndian(_record.AsSpan(4), id.Sequence);
        _own.Write(_record);
    }

    /// <summary>Reads what other incarnations of the group appended since the last refresh.</summary>
    public void Refresh()
    {
        foreach (var path in Directory.EnumerateFiles(_directory, _prefix + "*.ids"))
        {
            if (path == _own.Name) continue;
            long from = _readUpTo.GetValueOrDefault(path);
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            long whole = file.Length / RecordBytes * RecordBytes;
            if (whole <= from) continue;
            file.Position = from;
            var buffer = new byte[whole - from];
            file.ReadExactly(buffer);
            for (int i = 0; i < buffer.Length; i += RecordBytes)
            {
                _seen.Add(new MessageId(BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(i)), BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(i + 4))));
            }
            _readUpTo[path] = whole;
        }
    }

    public void Dispose() => _own.Dispose();

    private static string Sanitize(string group) =>
        string.Concat(group.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
