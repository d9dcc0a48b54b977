namespace KafkaChaos.Cluster;

/// <summary>The last lines of a log file, read without loading the whole file.</summary>
internal static class LogTail
{
    public static string Read(string path, int lines = 30)
    {
        if (!File.Exists(path)) return $"({path} does not exist)";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        const int window = 64 * 1024;
        stream.Seek(Math.Max(0, stream.Length - window), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        return string.Join('\n', text.Split('\n').TakeLast(lines + 1)).TrimEnd();
    }
}
