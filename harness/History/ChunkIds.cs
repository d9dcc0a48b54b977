namespace KafkaChaos.History;

/// <summary>
/// Where in a verified ledger file each ID's records can be: for every chunk between two boundaries a verifying pass
/// noted (<see cref="VerifiedLedgers"/>), the range of sequences per producer that its records of <see cref="Kinds"/>
/// carry. A later full pass fills it on its decoding threads, each chunk by the one segment that holds it; a pass that
/// wants a few IDs (<see cref="ILedgerVisitor.FilterIds"/>) then reads only the chunks that may hold them. Memory: one
/// entry per producer per chunk.
/// </summary>
internal sealed class ChunkIds
{
    private readonly LedgerCheckpoint[] _boundaries;
    private readonly IdRange[]?[] _chunks;

    /// <summary>Ranges to be recorded for the chunks that <paramref name="boundaries"/> delimit, from records of <paramref name="kinds"/>.</summary>
    public ChunkIds(LedgerCheckpoint[] boundaries, LedgerKinds kinds)
    {
        _boundaries = boundaries;
        _chunks = new IdRange[]?[boundaries.Length + 1];
        Kinds = kinds;
    }

    /// <summary>The kinds whose records' IDs were recorded.</summary>
    public LedgerKinds Kinds { get; }

    /// <summary>Whether chunk <paramref name="chunk"/> may hold a record of one of <paramref name="ids"/>.</summary>
    public bool MayHold(int chunk, IdSet ids)
    {
        if (_chunks[chunk] is not { } ranges)
        {
            return false;
        }
        foreach (var range in ranges)
        {
            if (ids.AnyWithin(range.Producer, range.First, range.Last))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A recorder for one segment's cursor, whose first record lies in chunk <paramref name="firstChunk"/>.</summary>
    public Recorder RecordFrom(int firstChunk) => new(this, firstChunk);

    /// <summary>The sequences of one producer's records in a chunk lie in First..Last.</summary>
    private readonly record struct IdRange(int Producer, long First, long Last);

    /// <summary>Notes the IDs of one segment's records as its cursor decodes them, chunk by chunk.</summary>
    internal sealed class Recorder(ChunkIds owner, int firstChunk)
    {
        private readonly List<IdRange> _ranges = [];
        private int _chunk = firstChunk;
        private int _last = -1;

        /// <summary>A record starting at byte <paramref name="offset"/> of the file carries <paramref name="id"/>.</summary>
        public void Add(long offset, MessageId id)
        {
            var boundaries = owner._boundaries;
            while (_chunk < boundaries.Length && offset >= boundaries[_chunk].Offset)
            {
                Flush();
                _chunk++;
            }
            if (_last >= 0 && _ranges[_last].Producer == id.ProducerId)
            {
                Widen(_last, id.Sequence);
                return;
            }
            for (int i = 0; i < _ranges.Count; i++)
            {
                if (_ranges[i].Producer == id.ProducerId)
                {
                    Widen(_last = i, id.Sequence);
                    return;
                }
            }
            _last = _ranges.Count;
            _ranges.Add(new IdRange(id.ProducerId, id.Sequence, id.Sequence));
        }

        /// <summary>The segment ended: its last chunk's ranges are stored.</summary>
        public void Flush()
        {
            if (_ranges.Count > 0)
            {
                owner._chunks[_chunk] = [.. _ranges];
                _ranges.Clear();
            }
            _last = -1;
        }

        private void Widen(int at, long sequence)
        {
            var range = _ranges[at];
            if (sequence < range.First) _ranges[at] = range with { First = sequence };
            else if (sequence > range.Last) _ranges[at] = range with { Last = sequence };
        }
    }
}
