using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace KafkaChaos.History;

/// <summary>
/// The cursor's fast path: runs of plain records (a known kind without strings, a one-byte length, wholly buffered,
/// an Ok outcome) read in one tight loop over locals, records not wanted skipped and wanted ones decoded straight into
/// a <see cref="LedgerBatch"/>. It accepts exactly what <see cref="ParseRecord"/> and <see cref="Decode"/> accept and
/// keeps the same bookkeeping (timestamp chain, bounds, count, checkpoints, noted IDs); any record it does not plainly
/// recognise, or that does not decode, is left where it is for them to judge, so errors and torn tails are theirs.
/// It repeats <see cref="LedgerRecord.Decode"/>'s field order for the plain kinds: a change to the record format
/// changes both (TornTailTests holds the two paths to the same records).
/// </summary>
internal sealed partial class LedgerCursor
{
    /// <summary>
    /// Decodes plain records into <paramref name="batch"/> until it is full or a record needs the general path
    /// (<see cref="MoveNext"/> then <see cref="Dispatch"/>); the current record (<see cref="Kind"/>) is not changed.
    /// </summary>
    public void FillBatch(LedgerBatch batch)
    {
        if (_headerRead && !_stopped)
        {
            ReadPlainRun(batch);
        }
    }

    /// <summary>
    /// The tight loop: with no <paramref name="batch"/>, it stops at the first wanted record (skipping only); with one,
    /// it decodes wanted plain records into it until it is full.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadPlainRun(LedgerBatch? batch)
    {
        var data = _buffer;
        int start = _start, end = _end;
        long intact = _intactBytes, last = _lastTicks, earliest = EarliestTicks, latest = LatestTicks, records = _records;
        long limit = _verifiedBytes >= 0 ? _verifiedBytes : long.MaxValue;
        bool verify = _verifiedBytes < 0;
        long every = verify ? CheckpointEveryBytes : 0;
        long lastCheckpoint = every > 0 && Checkpoints.Count > 0 ? Checkpoints[^1].Offset : 0;
        int wanted = (int)_kinds;
        var ids = Ids;
        while (intact < limit && end - start >= 3)
        {
            int kind = data[start];
            int payloadLength = data[start + 1];
            if (kind < (int)HistoryRecordKind.SendInvoked || kind > (int)HistoryRecordKind.Note
                || payloadLength >= 0x80 || end - start < payloadLength + 6)
            {
                break;
            }
            bool decode = (wanted & (1 << kind)) != 0;
            if (decode && (batch is null || batch.IsFull || kind > (int)HistoryRecordKind.Processed))
            {
                break;
            }
            int framed = 2 + payloadLength;
            if (verify && Crc32C.Compute(data.AsSpan(start, framed)) != BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(start + framed)))
            {
                break;
            }
            int at = start + 2, payloadEnd = start + framed;
            if (!TryVarInt(data, ref at, payloadEnd, out long delta))
            {
                break;
            }
            long ticks = last + delta;
            if (decode && !TryDecodePlain((HistoryRecordKind)kind, data, at, payloadEnd, ticks, intact, batch!, ids))
            {
                break;
            }
            if (ticks < earliest) earliest = ticks;
            if (ticks > latest) latest = ticks;
            last = ticks;
            records++;
            start += framed + 4;
            intact += framed + 4;
            if (every > 0 && intact - lastCheckpoint >= every)
            {
                Checkpoints.Add(new LedgerCheckpoint(intact, last));
                lastCheckpoint = intact;
            }
        }
        _start = start;
        _intactBytes = intact;
        _lastTicks = last;
        EarliestTicks = earliest;
        LatestTicks = latest;
        _records = records;
    }

    /// <summary>Decodes the fields after the timestamp as <see cref="Decode"/> does and adds the record; false, adding nothing, where it would not decode or is not plain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryDecodePlain(HistoryRecordKind kind, byte[] data, int at, int end, long ticks, long offset, LedgerBatch batch, ChunkIds.Recorder? ids)
    {
        switch (kind)
        {
            case HistoryRecordKind.SendInvoked:
            {
                if (!TryVarInt32(data, ref at, end, out int producer) || !TryVarInt(data, ref at, end, out long sequence) || at >= end)
                {
                    return false;
                }
                var id = new MessageId(producer, sequence);
                batch.Invoked(new SendInvoked(ticks, id, (data[at] & HistoryFormat.FlagResultIgnored) != 0));
                ids?.Add(offset, id);
                return true;
            }
            case HistoryRecordKind.SendCompleted:
            {
                if (!TryVarInt32(data, ref at, end, out int producer) || !TryVarInt(data, ref at, end, out long sequence)
                    || at >= end || data[at++] != (byte)SendOutcomeKind.Ok
                    || !TryVarInt32(data, ref at, end, out int partition) || !TryVarInt(data, ref at, end, out long position))
                {
                    return false; // failures carry strings: the general path's
                }
                var id = new MessageId(producer, sequence);
                batch.Completed(new SendCompleted(ticks, id, SendOutcome.Ok(partition, position)));
                ids?.Add(offset, id);
                return true;
            }
            case HistoryRecordKind.Consumed:
            {
                if (at >= end)
                {
                    return false;
                }
                bool decoded = (data[at++] & HistoryFormat.FlagDecoded) != 0;
                int producer = 0;
                long sequence = 0;
                if ((decoded && (!TryVarInt32(data, ref at, end, out producer) || !TryVarInt(data, ref at, end, out sequence)))
                    || !TryVarInt32(data, ref at, end, out int partition) || !TryVarInt(data, ref at, end, out long position)
                    || !TryVarInt32(data, ref at, end, out int consumer) || !TryVarInt32(data, ref at, end, out int generation))
                {
                    return false;
                }
                MessageId? id = decoded ? new MessageId(producer, sequence) : null;
                batch.Consumed(new Consumed(ticks, id, partition, position, consumer, generation));
                if (decoded) ids?.Add(offset, new MessageId(producer, sequence));
                return true;
            }
            default:
            {
                if (!TryVarInt32(data, ref at, end, out int producer) || !TryVarInt(data, ref at, end, out long sequence)
                    || !TryVarInt32(data, ref at, end, out int partition) || !TryVarInt(data, ref at, end, out long position)
                    || !TryVarInt32(data, ref at, end, out int consumer))
                {
                    return false;
                }
                var id = new MessageId(producer, sequence);
                batch.Processed(new Processed(ticks, id, partition, position, consumer));
                ids?.Add(offset, id);
                return true;
            }
        }
    }

    /// <summary>A zigzag varint of at most 9 bytes ending before <paramref name="end"/> (<see cref="PayloadReader.ReadVarInt"/>; longer ones are the general path's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryVarInt(byte[] data, ref int at, int end, out long value)
    {
        ulong raw = 0;
        int i = at;
        for (int shift = 0; shift < 63 && i < end; shift += 7)
        {
            byte b = data[i++];
            raw |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                at = i;
                value = (long)(raw >> 1) ^ -(long)(raw & 1);
                return true;
            }
        }
        value = 0;
        return false;
    }

    /// <summary>A zigzag varint that fits an int (<see cref="PayloadReader.ReadVarInt32"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryVarInt32(byte[] data, ref int at, int end, out int value)
    {
        bool ok = TryVarInt(data, ref at, end, out long wide) && wide == (int)wide;
        value = (int)wide;
        return ok;
    }
}
