using System.Globalization;
using System.Text;
using KafkaChaos.History;

namespace KafkaChaos.Workload;

/// <summary>
/// The application's dead-letter store (claim D4): one text file per producer in the run directory,
/// <c>deadletters-producer-{index}.txt</c>, one line per failed message, <c>producerId sequence code reason</c>
/// (tab-separated). Each line reaches the OS with one write before the call returns, so a SIGKILL loses at
/// most a torn last line, which readers skip. Thread-safe.
/// </summary>
internal sealed class DeadLetterStore : IDisposable
{
    private readonly Lock _gate = new();
    private readonly FileStream _file;

    private DeadLetterStore(string path)
    {
        Path = path;
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
    }

    /// <summary>The store file.</summary>
    public string Path { get; }

    /// <summary>The store file of producer <paramref name="producerIndex"/> in <paramref name="runDirectory"/>.</summary>
    public static string PathFor(string runDirectory, int producerIndex) =>
        System.IO.Path.Combine(runDirectory, $"deadletters-producer-{producerIndex}.txt");

    /// <summary>Opens (creating if needed) the store for appending.</summary>
    public static DeadLetterStore Open(string runDirectory, int producerIndex)
    {
        Directory.CreateDirectory(runDirectory);
        return new DeadLetterStore(PathFor(runDirectory, producerIndex));
    }

    /// <summary>Durable. Parks <paramref name="id"/> with the failure that sent it here.</summary>
    public void Add(MessageId id, SendOutcome outcome)
    {
        string code = outcome.ErrorCode is { Length: > 0 } c ? c : outcome.Kind.ToString();
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{id.ProducerId}\t{id.Sequence}\t{Clean(code)}\t{Clean(outcome.Reason ?? "")}\n");
        byte[] bytes = Encoding.UTF8.GetBytes(line);
        lock (_gate)
        {
            _file.Write(bytes);
        }
    }

    /// <summary>Every parked message in <paramref name="path"/>, in order, skipping a torn last line; empty when the file does not exist.</summary>
    public static IReadOnlyList<DeadLetter> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        var text = File.ReadAllText(path, Encoding.UTF8);
        var result = new List<DeadLetter>();
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0)
            {
                break; // torn last line
            }
            var fields = text[start..end].Split('\t');
            start = end + 1;
            if (fields.Length == 4
                && int.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int producer)
                && long.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long sequence))
            {
                result.Add(new DeadLetter(new MessageId(producer, sequence), fields[2], fields[3]));
            }
        }
        return result;
    }

    /// <summary>Replaces the content of <paramref name="path"/> with <paramref name="remaining"/> (write to a temporary file, then rename).</summary>
    public static void Rewrite(string path, IEnumerable<DeadLetter> remaining)
    {
        var builder = new StringBuilder();
        foreach (var letter in remaining)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{letter.Id.ProducerId}\t{letter.Id.Sequence}\t{Clean(letter.ErrorCode)}\t{Clean(letter.Reason)}\n");
        }
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, builder.ToString(), new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
        }
    }

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
