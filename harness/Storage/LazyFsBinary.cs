using System.Security.Cryptography;
using KafkaChaos.Provisioning;

namespace KafkaChaos.Storage;

/// <summary>
/// The lazy filesystem's native daemon (<c>Native/lazyfs.c</c>, embedded in this assembly), compiled with the machine's
/// C compiler against libfuse3 into <c>lazyfs/&lt;source hash&gt;/lazyfs</c> of the cache, once, under the cache lock.
/// A changed source gets a new hash and so a new build; an old binary is never reused for new source.
/// </summary>
internal static class LazyFsBinary
{
    private const string ResourceName = "KafkaChaos.Storage.lazyfs.c";
    private const string MissingPackages = "apt-get install -y fuse3 libfuse3-dev build-essential";

    /// <summary>The daemon's source text.</summary>
    public static byte[] Source()
    {
        using var stream = typeof(LazyFsBinary).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The assembly lacks the embedded resource {ResourceName}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>The first 16 hex digits of the source's SHA-256: the cache directory of its build.</summary>
    public static string SourceHash() => Convert.ToHexStringLower(SHA256.HashData(Source()))[..16];

    /// <summary>Path of the built daemon, building it first when the cache lacks it.</summary>
    /// <exception cref="ProvisioningException">No C compiler, no libfuse3 headers, no fusermount3, or the build failed.</exception>
    public static async Task<string> EnsureBuiltAsync(CachePaths cache, TextWriter? progress, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(cache.Root, "lazyfs", SourceHash());
        var binary = Path.Combine(directory, "lazyfs");
        if (File.Exists(binary)) return binary;
        using var cacheLock = await CacheLock.AcquireAsync(cache, "lazyfs", TimeSpan.FromMinutes(5), progress, cancellationToken);
        if (File.Exists(binary)) return binary;

        await RequireAsync("command -v cc", $"Building the lazy filesystem needs a C compiler. Install it: {MissingPackages}", cancellationToken);
        await RequireAsync("command -v fusermount3", $"The lazy filesystem needs fusermount3. Install it: {MissingPackages}", cancellationToken);
        await RequireAsync("test -f /usr/include/fuse3/fuse.h || pkg-config --exists fuse3",
            $"Building the lazy filesystem needs the libfuse3 headers. Install them: {MissingPackages}", cancellationToken);

        Directory.CreateDirectory(directory);
        var source = Path.Combine(directory, $"lazyfs-{Environment.ProcessId}.c");
        var staged = binary + $".partial-{Environment.ProcessId}";
        await File.WriteAllBytesAsync(source, Source(), cancellationToken);
        try
        {
            progress?.WriteLine($"building the lazy filesystem daemon into {directory}");
            var flags = "$(pkg-config --cflags --libs fuse3 2>/dev/null || echo -I/usr/include/fuse3 -lfuse3 -lpthread)";
            var result = await ExternalCommand.RunAsync("sh", ["-c", $"cc -O2 -Wall -Wextra -Werror -o '{staged}' '{source}' {flags}"],
                directory, TimeSpan.FromMinutes(2), cancellationToken);
            if (result.ExitCode != 0)
                throw new ProvisioningException($"Compiling {ResourceName} failed (exit {result.ExitCode}). Is libfuse3-dev installed ({MissingPackages})?\n{result.Tail(30)}");
            File.Move(staged, binary, overwrite: true);
            return binary;
        }
        finally
        {
            File.Delete(source);
            File.Delete(staged);
        }
    }

    private static async Task RequireAsync(string check, string message, CancellationToken cancellationToken)
    {
        var result = await ExternalCommand.RunAsync("sh", ["-c", check], null, TimeSpan.FromSeconds(10), cancellationToken);
        if (result.ExitCode != 0) throw new ProvisioningException(message);
    }
}
