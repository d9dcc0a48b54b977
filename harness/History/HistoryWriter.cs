using Microsoft.Win32.SafeHandles;

namespace KafkaChaos.History;

/// <summary>
/// Appends one worker's events to its own ledger file (<c>{runDirectory}/{streamName}.history</c>).
/// Thread-safe: calls are serialized, and each record is timestamped inside the lock, so a stream's
/// timestamps follow its write order.
/// </summary>
/// <remarks>
/// <para><b>Write order, and why a SIGKILLed worker cannot cause a false verdict.</b> "Reaches the OS"
/// means the <c>write</c> syscall returned: the bytes are in the page cache and survive the death of the
/// process (not of the machine; no fsync). Methods marked <em>durable</em> return only after that;
/// the others buffer (and flush with the next durable call, at 64 KiB, or on <see cref="Flush"/>).</para>
/// <list type="number">
/// <item><b>Invocation before hand-off</b> (<see cref="RecordInvocations(ReadOnlySpan{MessageId}, bool)"/>, durable):
/// call it, then give the batch to the client library. Every message that can reach the broker therefore
/// has its invocation in the ledger, so no ID in the log is ever reported as <c>Unexpected</c> or unknown.
/// A kill between the record and the hand-off leaves an invocation with no completion and no log entry:
/// indeterminate and absent, which is not an anomaly (for a fire-and-forget worker it is silent loss,
/// which is what the application believed too: it had decided to send).</item>
/// <item><b>Completions may be buffered</b> (<see cref="RecordCompletion"/>): a completion lost in a torn tail
/// reads as indeterminate. An acknowledgement is only ever recorded after the broker gave it, so
/// <c>AckedLost</c> never counts an ID whose ack was invented; a lost ack merely turns "acked" into
/// "unknown", which can only move an ID from AckedLost to UnackedAbsent or from Acked to UnackedPresent:
/// conservative.</item>
/// <item><b>Consumed before processing</b> (<see cref="RecordConsumed"/>, buffered): the file is sequential,
/// so it always precedes the Processed record of the same message on disk.</item>
/// <item><b>Processed after the side effect, before the commit</b> (<see cref="RecordProcessed"/>, durable):
/// the record is the side effect, so a processing either exists in the ledger or did not happen; and since
/// the commit only starts after the record reached the OS, a committed offset can never hide a message
/// whose processing the ledger lost, so no false <c>Unprocessed</c>. A kill after the record and before the
/// commit causes a real redelivery, which the ledger shows as the real duplicate processing it is.</item>
/// <item><b>Committed after the commit succeeded</b> (<see cref="RecordCommitted"/>, buffered): informational;
/// no verdict depends on a commit record being present.</item>
/// <item>A torn tail is at most the records not yet handed to the OS; the reader drops a partial or
/// checksum-failing last record, so a half-written record never becomes a half-true event.</item>
/// </list>
/// <para>A restarted worker writes a new stream (a new name: files are created, never reopened) and, if it
/// produces, uses a new producer id or resumes after its last recorded sequence.</para>
/// </remarks>
internal sealed class HistoryWriter : IDisposable, IAsyncDisposable
{
    /// <summary>Buffered records are handed to the OS once they reach this size (64 KiB).</summary>
    public const int AutoFlushBytes = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly SafeFileHandle _file;
    private readonly TimeProvider _timeProvider;
    private readonly ByteSink _pending = new(AutoFlushBytes + 4096);
    private readonly ByteSink _payload = new(256);
    private long _fileOffset;
    private long _lastTicks;
    private bool _disposed;

    private HistoryWriter(SafeFileHandle file, string path, string streamName, TimeProvider timeProvider)
    {
        _file = file;
        Path = path;
        StreamName = streamName;
        _timeProvider = timeProvider;
    }

    /// <summary>The ledger file.</summary>
    public string Path { get; }

    /// <summary>The stream (worker) name stored in the header.</summary>
    public string StreamName { get; }

    /// <summary>Bytes handed to the OS so far (what survives a SIGKILL of this process).</summary>
    public long BytesWritten
    {
        get
        {
            lock (_gate)
            {
                return _fileOffset;
            }
        }
    }

    /// <summary>
    /// Creates <c>{runDirectory}/{streamName}.history</c> (the directory too, if needed) and writes its header.
    /// Fails if the file exists: a stream is never reopened.
    /// </summary>
    /// <param name="runDirectory">The run directory shared by all workers.</param>
    /// <param name="streamName">A file-name-safe worker name, unique in the run (e.g. <c>producer-0</c>).</param>
    /// <param name="timeProvider">Source of timestamps; <see cref="TimeProvider.System"/> in production.</param>
    public static HistoryWriter Create(string runDirectory, string streamName, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        ArgumentException.ThrowIfNullOrEmpty(streamName);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (streamName.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0 || streamName is "." or "..")
        {
            throw new ArgumentException($"Stream name '{streamName}' is not a valid file name.", nameof(streamName));
        }
        Directory.CreateDirectory(runDirectory);
        string path = System.IO.Path.Combine(runDirectory, streamName + HistoryFormat.FileExtension);
        var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        var writer = new HistoryWriter(file, path, streamName, timeProvider);
        try
        {
            writer.WriteHeader();
        }
        catch
        {
            writer.Dispose();
            throw;
        }
        return writer;
    }

    /// <summary>Durable. Records one invocation; send the message only after this returns.</summary>
    public void RecordInvocation(MessageId id, bool resultIgnored) => RecordInvocations([id], resultIgnored);

    /// <summary>
    /// Durable. Records one invocation per id with one write syscall; send the batch only after this returns.
    /// </summary>
    /// <param name="ids">The messages about to be handed to the client library.</param>
    /// <param name="resultIgnored">True for fire-and-forget sends (the application will not look at the result).</param>
    public void RecordInvocations(ReadOnlySpan<MessageId> ids, bool resultIgnored)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            long ticks = Now();
            foreach (var id in ids)
            {
                BeginPayload(ticks);
                _payload.WriteVarInt(id.ProducerId);
                _payload.WriteVarInt(id.Sequence);
                _payload.WriteByte(resultIgnored ? HistoryFormat.FlagResultIgnored : (byte)0);
                AppendRecord(HistoryRecordKind.SendInvoked);
            }
            WriteOut();
        }
    }

    /// <summary>
    /// Durable. Same as <see cref="RecordInvocations(ReadOnlySpan{MessageId}, bool)"/> for async callers. The
    /// write goes to the page cache, so it completes synchronously; the token is checked before writing.
    /// </summary>
    public ValueTask RecordInvocationsAsync(ReadOnlyMemory<MessageId> ids, bool resultIgnored, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RecordInvocations(ids.Span, resultIgnored);
        return ValueTask.CompletedTask;
    }

    /// <summary>Buffered. Records the delivery report of <paramref name="id"/> (also for fire-and-forget sends).</summary>
    public void RecordCompletion(MessageId id, SendOutcome outcome)
    {
        if (outcome.Kind == 0)
        {
            throw new ArgumentException("Use SendOutcome.Ok, Fail or Indeterminate.", nameof(outcome));
        }
        lock (_gate)
        {
            ThrowIfDisposed();
            BeginPayload(Now());
            _payload.WriteVarInt(id.ProducerId);
            _payload.WriteVarInt(id.Sequence);
            _payload.WriteByte((byte)outcome.Kind);
            if (outcome.Kind == SendOutcomeKind.Ok)
            {
                _payload.WriteVarInt(outcome.Partition);
                _payload.WriteVarInt(outcome.Offset);
            }
            else
            {
                _payload.WriteString(outcome.ErrorCode ?? "");
                _payload.WriteString(outcome.Reason ?? "");
            }
            AppendRecord(HistoryRecordKind.SendCompleted);
            FlushIfFull();
        }
    }

    /// <summary>Buffered. Records a received record before it is processed; <paramref name="id"/> null = undecodable value.</summary>
    public void RecordConsumed(MessageId? id, int partition, long offset, int consumerId, int generation)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            BeginPayload(Now());
            _payload.WriteByte(id.HasValue ? HistoryFormat.FlagDecoded : (byte)0);
            if (id is { } value)
            {
                _payload.WriteVarInt(value.ProducerId);
                _payload.WriteVarInt(value.Sequence);
            }
            _payload.WriteVarInt(partition);
            _payload.WriteVarInt(offset);
            _payload.WriteVarInt(consumerId);
            _payload.WriteVarInt(generation);
            AppendRecord(HistoryRecordKind.Consumed);
            FlushIfFull();
        }
    }

    /// <summary>
    /// Durable. Records the processing side effect of <paramref name="id"/>; commit its offset only after this
    /// returns. A dedupe-by-ID consumer calls it only for IDs it had not processed before.
    /// </summary>
    public void RecordProcessed(MessageId id, int partition, long offset, int consumerId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            BeginPayload(Now());
            _payload.WriteVarInt(id.ProducerId);
            _payload.WriteVarInt(id.Sequence);
            _payload.WriteVarInt(partition);
            _payload.WriteVarInt(offset);
            _payload.WriteVarInt(consumerId);
            AppendRecord(HistoryRecordKind.Processed);
            WriteOut();
        }
    }

    /// <summary>Buffered. Records a commit that succeeded; <paramref name="offset"/> is the next offset to read.</summary>
    public void RecordCommitted(int consumerId, int partition, long offset)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            BeginPayload(Now());
            _payload.WriteVarInt(consumerId);
            _payload.WriteVarInt(partition);
            _payload.WriteVarInt(offset);
            AppendRecord(HistoryRecordKind.Committed);
            FlushIfFull();
        }
    }

    /// <summary>Durable. Records a fault injection or heal.</summary>
    public void RecordFault(string name, FaultPhase phase, string detail)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (_gate)
        {
            ThrowIfDisposed();
            BeginPayload(Now());
            _payload.WriteString(name);
            _payload.WriteByte((byte)phase);
            _payload.WriteString(detail ?? "");
            AppendRecord(HistoryRecordKind.Fault);
            WriteOut();
        }
    }

    /// <summary>Durable. Records free text, e.g. a phase change.</summary>
    public void RecordNote(string text)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            BeginPayload(Now());
            _payload.WriteString(text ?? "");
            AppendRecord(HistoryRecordKind.Note);
            WriteOut();
        }
    }

    /// <summary>Hands every buffered record to the OS.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            WriteOut();
        }
    }

    /// <summary>Hands every buffered record to the OS (page cache: completes synchronously).</summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Flush();
        return ValueTask.CompletedTask;
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            try
            {
                WriteOut();
            }
            finally
            {
                _disposed = true;
                _file.Dispose();
            }
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void WriteHeader()
    {
        long ticks = Now();
        _lastTicks = ticks;
        _pending.Write(HistoryFormat.Magic);
        _pending.WriteByte(HistoryFormat.Version);
        _pending.WriteString(StreamName);
        _pending.WriteVarInt(ticks);
        _pending.WriteUInt32LittleEndian(Crc32C.Compute(_pending.Span));
        WriteOut();
    }

    private long Now() => _timeProvider.GetUtcNow().UtcTicks;

    private void BeginPayload(long ticks)
    {
        _payload.Clear();
        _payload.WriteVarInt(ticks - _lastTicks);
        _lastTicks = ticks;
    }

    private void AppendRecord(HistoryRecordKind kind)
    {
        int start = _pending.Length;
        _pending.WriteByte((byte)kind);
        _pending.WriteVarUInt((ulong)_payload.Length);
        _pending.Write(_payload.Span);
        _pending.WriteUInt32LittleEndian(Crc32C.Compute(_pending.Span[start..]));
    }

    private void FlushIfFull()
    {
        if (_pending.Length >= AutoFlushBytes)
        {
            WriteOut();
        }
    }

    private void WriteOut()
    {
        if (_pending.Length == 0)
        {
            return;
        }
        RandomAccess.Write(_file, _pending.Span, _fileOffset);
        _fileOffset += _pending.Length;
        _pending.Clear();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
