using System.Runtime.CompilerServices;

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
    internal sealed class Recorder
    {
        private readonly ChunkIds _owner;
        private int _chunk;
        private long _chunkEnd;
        private int[] _producers = new int[4];
        private long[] _firsts = new long[4];
        private long[] _lasts = new long[4];
        private int _count;
        private int _last;

        public Recorder(ChunkIds owner, int firstChunk)
        {
            _owner = owner;
            _chunk = firstChunk;
            _chunkEnd = EndOf(firstChunk);
        }

        /// <summary>A record starting at byte <paramref name="offset"/> of the file carries <paramref name="id"/>.</summary>
        /// <remarks>Called for every record a full pass decodes: the common case (same chunk, same producer as the last) is a few compares.</remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(long offset, MessageId id)
        {
            while (offset >= _chunkEnd)
            {
                Flush();
                _chunkEnd = EndOf(++_chunk);
            }
            int at = _last;
            if (at >= _count || _producers[at] != id.ProducerId)
            {
                at = _last = IndexOf(id.ProducerId, id.Sequence);
            }
            long sequence = id.Sequence;
            if (sequence < _firsts[at]) _firsts[at] = sequence;
            else if (sequence > _lasts[at]) _lasts[at] = sequence;
        }

        /// <summary>The current chunk is done (the segment ended or its next record lies beyond): its ranges are stored.</summary>
        public void Flush()
        {
            if (_count > 0)
            {
                var ranges = new IdRange[_count];
                for (int i = 0; i < _count; i++)
                {
                    ranges[i] = new IdRange(_producers[i], _firsts[i], _lasts[i]);
                }
                _owner._chunks[_chunk] = ranges;
                _count = 0;
            }
        }

        private long EndOf(int chunk) => chunk < _owner._boundaries.Length ? _owner._boundaries[chunk].Offset : long.MaxValue;

        /// <summary>The entry of <paramref name="producer"/>; a new one starts as <paramref name="sequence"/> alone.</summary>
        private int IndexOf(int producer, long sequence)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_producers[i] == producer) return i;
            }
            if (_count == _producers.Length)
            {
                Array.Resize(ref _producers, _count * 2);
                Array.Resize(ref _firsts, _count * 2);
                Array.Resize(ref _lasts, _count * 2);
            }
            _producers[_count] = producer;
            _firsts[_count] = _lasts[_count] = sequence;
            return _count++;
        }
    }
}
