using System.Runtime.CompilerServices;

namespace KafkaChaos.History;

/// <summary>
/// Reads ledger files, either into memory (<see cref="LoadAsync"/>) or record by record, merged across the
/// streams of a run, into an <see cref="ILedgerVisitor"/> (<see cref="VisitRunAsync"/>). Tolerates torn tails
/// (<see cref="LedgerCursor"/>).
/// </summary>
internal static class HistoryReader
{
    /// <summary>Records between two looks at the cancellation token.</summary>
    private const long CancellationCheckRecords = 1 << 20;

    /// <summary>Loads and merges every <c>*.history</c> file of <paramref name="runDirectory"/> (ordinal file-name order).</summary>
    public static async Task<RunHistory> LoadAsync(string runDirectory, CancellationToken cancellationToken = default)
    {
        var files = LedgerFiles(runDirectory);
        var builders = new List<HistoryBuilder>(files.Length);
        var infos = new HistoryStreamInfo[files.Length];
        var intern = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < files.Length; i++)
        {
            await using var stream = OpenLedger(files[i]);
            var builder = new HistoryBuilder();
            infos[i] = await Task.Run(() => ReadStream(stream, files[i], builder, intern, cancellationToken), cancellationToken).ConfigureAwait(false);
            builders.Add(builder);
        }
        return HistoryBuilder.Merge(builders, infos);
    }

    /// <summary>Reads one ledger stream (e.g. a file or a copy of one) into <paramref name="builder"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a ledger (wrong magic or version).</exception>
    public static Task<HistoryStreamInfo> ReadStreamAsync(Stream stream, string path, HistoryBuilder builder, CancellationToken cancellationToken = default) =>
        Task.Run(() => ReadStream(stream, path, builder, new Dictionary<string, string>(StringComparer.Ordinal), cancellationToken), cancellationToken);

    /// <summary>
    /// Streams every <c>*.history</c> file of <paramref name="runDirectory"/> into <paramref name="visitor"/>, merged by
    /// timestamp (ties to the stream whose file name sorts first), holding a read buffer and a few decoded batches per
    /// stream segment, each decoded on a thread of its own (<see cref="LedgerSegments"/>).
    /// </summary>
    /// <remarks>
    /// Each kind of record reaches the visitor in the order <see cref="LoadAsync"/> would list it whenever each
    /// stream's timestamps do not step back (a writer timestamps in write order, so only a wall clock stepped back
    /// inside one stream can make the two differ).
    /// </remarks>
    /// <returns>One entry per stream, with torn-tail information, in file-name order.</returns>
    public static Task<HistoryStreamInfo[]> VisitRunAsync(string runDirectory, ILedgerVisitor visitor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return Task.Run(() => VisitRun(runDirectory, visitor, cancellationToken), cancellationToken);
    }

    /// <summary>The synchronous form of <see cref="VisitRunAsync"/>, for callers already off the caller's thread.</summary>
    /// <param name="runDirectory">The run's directory.</param>
    /// <param name="visitor">Receives the records of its <see cref="ILedgerVisitor.Kinds"/> that pass its <see cref="ILedgerVisitor.Filter"/>, then each stream's timestamp bounds.</param>
    /// <param name="cancellationToken">Checked every million records.</param>
    /// <param name="verified">
    /// Optional, shared by the passes of one check: a file it names is read up to its verified length without checksums;
    /// every other file is verified and its intact length added. The first full pass over a verified file notes which
    /// IDs each of its chunks holds, for later passes with <see cref="ILedgerVisitor.FilterIds"/>.
    /// </param>
    internal static HistoryStreamInfo[] VisitRun(string runDirectory, ILedgerVisitor visitor, CancellationToken cancellationToken, VerifiedLedgers? verified = null)
    {
        var files = LedgerFiles(runDirectory);
        var streams = new LedgerSegments[files.Length];
        var filterIds = visitor.FilterIds is { } ids ? new IdSet(ids) : null;
        try
        {
            for (int i = 0; i < files.Length; i++)
            {
                streams[i] = new LedgerSegments(files[i], visitor.Kinds, visitor.Filter, filterIds, verified, cancellationToken);
            }
            Merge(streams, visitor, cancellationToken);
            var infos = Array.ConvertAll(streams, s => s.Finish());
            foreach (var stream in streams)
            {
                if (stream.Timestamps is (var earliest, var latest) && earliest <= latest)
                {
                    visitor.Timestamps(earliest, latest);
                }
            }
            if (verified is not null)
            {
                for (int i = 0; i < files.Length; i++)
                {
                    if (verified.Find(files[i]) is not { } file)
                    {
                        verified.Set(files[i], streams[i].IntactBytes, streams[i].Checkpoints, infos[i], streams[i].Timestamps);
                    }
                    else if (streams[i].NotedIds is { } noted)
                    {
                        file.Ids = noted;
                    }
                }
            }
            return infos;
        }
        finally
        {
            foreach (var stream in streams)
            {
                stream?.Dispose();
            }
        }
    }

    /// <summary>
    /// Dispatches the cursors' records by timestamp, ties to the lower index. The stream in front keeps the turn while
    /// its records come no later than the runner-up's head, so the heads are compared once per run of records, not per record.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Merge(LedgerSegments[] cursors, ILedgerVisitor visitor, CancellationToken cancellationToken)
    {
        var live = new bool[cursors.Length];
        for (int i = 0; i < cursors.Length; i++)
        {
            live[i] = cursors[i].MoveNext();
        }
        long visited = 0, checkAt = CancellationCheckRecords;
        while (true)
        {
            // Linear scan over the heads, as HistoryBuilder.Merge does: worker counts are small.
            int best = -1, second = -1;
            for (int i = 0; i < cursors.Length; i++)
            {
                if (!live[i])
                {
                    continue;
                }
                if (best < 0 || cursors[i].TimestampTicks < cursors[best].TimestampTicks)
                {
                    second = best;
                    best = i;
                }
                else if (second < 0 || cursors[i].TimestampTicks < cursors[second].TimestampTicks)
                {
                    second = i;
                }
            }
            if (best < 0)
            {
                return;
            }
            // Ties go to the lower index: the front stream may take a tie with the runner-up only if it sorts first.
            long limit = second < 0 ? long.MaxValue : cursors[second].TimestampTicks;
            bool takesTies = second < 0 || best < second;
            live[best] = cursors[best].DispatchWhile(visitor, limit, takesTies, ref visited);
            if (visited >= checkAt)
            {
                cancellationToken.ThrowIfCancellationRequested();
                checkAt = visited + CancellationCheckRecords;
            }
        }
    }

    private static HistoryStreamInfo ReadStream(Stream stream, string path, HistoryBuilder builder, Dictionary<string, string> intern, CancellationToken cancellationToken)
    {
        var cursor = new LedgerCursor(stream, path, intern);
        long visited = 0;
        while (cursor.MoveNext())
        {
            cursor.Dispatch(builder);
            if ((++visited & 0xFFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        return cursor.Finish();
    }

    private static string[] LedgerFiles(string runDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        var files = Directory.GetFiles(runDirectory, "*" + HistoryFormat.FileExtension);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    private static FileStream OpenLedger(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
}
