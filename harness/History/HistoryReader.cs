namespace KafkaChaos.History;

/// <summary>
/// Reads ledger files, either into memory (<see cref="LoadAsync"/>) or record by record, merged across the
/// streams of a run, into an <see cref="ILedgerVisitor"/> (<see cref="VisitRunAsync"/>). Tolerates torn tails
/// (<see cref="LedgerCursor"/>).
/// </summary>
internal static class HistoryReader
{
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
    /// timestamp (ties to the stream whose file name sorts first), holding one read buffer per stream.
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
    internal static HistoryStreamInfo[] VisitRun(string runDirectory, ILedgerVisitor visitor, CancellationToken cancellationToken)
    {
        var files = LedgerFiles(runDirectory);
        var streams = new FileStream[files.Length];
        try
        {
            var intern = new Dictionary<string, string>(StringComparer.Ordinal);
            var cursors = new LedgerCursor[files.Length];
            var live = new bool[files.Length];
            for (int i = 0; i < files.Length; i++)
            {
                streams[i] = OpenLedger(files[i]);
                cursors[i] = new LedgerCursor(streams[i], files[i], intern);
                live[i] = cursors[i].MoveNext();
            }
            long visited = 0;
            while (true)
            {
                // Linear scan over the heads, as HistoryBuilder.Merge does: worker counts are small.
                int best = -1;
                long bestTicks = long.MaxValue;
                for (int i = 0; i < cursors.Length; i++)
                {
                    if (live[i] && (best < 0 || cursors[i].TimestampTicks < bestTicks))
                    {
                        best = i;
                        bestTicks = cursors[i].TimestampTicks;
                    }
                }
                if (best < 0)
                {
                    break;
                }
                cursors[best].Dispatch(visitor);
                live[best] = cursors[best].MoveNext();
                if ((++visited & 0xFFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            return Array.ConvertAll(cursors, c => c.Finish());
        }
        finally
        {
            foreach (var stream in streams)
            {
                stream?.Dispose();
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
