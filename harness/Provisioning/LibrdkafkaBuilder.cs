namespace KafkaChaos.Provisioning;

/// <summary>
/// Builds librdkafka from the sources the npm package <see cref="SourcePackage"/> ships under
/// <c>deps/librdkafka</c>, with the machine's C toolchain. Optional features (TLS, SASL, zstd, curl)
/// are off: the harness talks plaintext to local brokers, and fewer -dev packages means fewer ways to fail.
/// </summary>
public static class LibrdkafkaBuilder
{
    /// <summary>The npm package whose <c>deps/librdkafka</c> is librdkafka 2.15.1.</summary>
    public const string SourcePackage = "@confluentinc/kafka-javascript@1.10.1";

    private static readonly string[] ConfigureFlags =
    [
        "--disable-ssl", "--disable-gssapi", "--disable-curl", "--disable-zstd", "--disable-lz4-ext", "--disable-zlib",
        "--disable-syslog",
    ];

    /// <summary>Builds into a scratch directory and moves the library to <paramref name="target"/> last, so a
    /// killed build never leaves a half-written library in the cache.</summary>
    public static async Task BuildAsync(CachePaths cache, string target, TextWriter? progress, CancellationToken cancellationToken)
    {
        foreach (var tool in new[] { "cc", "make" })
        {
            var check = await ExternalCommand.RunAsync("sh", ["-c", $"command -v {tool}"], null, TimeSpan.FromSeconds(10), cancellationToken);
            if (check.ExitCode != 0)
                throw new ProvisioningException($"Building librdkafka needs '{tool}'. Install it: apt-get install -y build-essential");
        }

        var scratch = Path.Combine(cache.Librdkafka, $"build-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            progress?.WriteLine($"building librdkafka {LibrdkafkaLocator.Required} from {SourcePackage} (about a minute, once)");
            var package = await NpmPackage.FetchAndExtractAsync(SourcePackage, scratch, progress, cancellationToken);
            var source = Path.Combine(package, "deps", "librdkafka");
            if (!File.Exists(Path.Combine(source, "configure")))
                throw new ProvisioningException($"{SourcePackage} has no deps/librdkafka/configure; cannot build librdkafka.");

            await RunStepAsync("configure", "bash", ["configure", .. ConfigureFlags], source, cancellationToken);
            progress?.WriteLine("compiling librdkafka");
            await RunStepAsync("make", "make", ["-j", Environment.ProcessorCount.ToString(), "-C", "src", "librdkafka.so.1"], source, cancellationToken);

            var built = Path.Combine(source, "src", "librdkafka.so.1");
            if (!File.Exists(built)) throw new ProvisioningException($"librdkafka build finished but {built} is missing.");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var staged = target + ".partial";
            File.Copy(built, staged, overwrite: true);
            File.Move(staged, target, overwrite: true);
            progress?.WriteLine($"librdkafka cached at {target}");
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task RunStepAsync(string step, string tool, string[] arguments, string directory, CancellationToken cancellationToken)
    {
        var result = await ExternalCommand.RunAsync(tool, arguments, directory, TimeSpan.FromMinutes(15), cancellationToken);
        if (result.ExitCode != 0)
            throw new ProvisioningException($"librdkafka {step} failed (exit {result.ExitCode}). Is build-essential installed?\n{result.Tail(30)}");
    }
}
