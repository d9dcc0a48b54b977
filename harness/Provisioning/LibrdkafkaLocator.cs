using System.Runtime.InteropServices;

namespace KafkaChaos.Provisioning;

/// <summary>
/// Finds a native librdkafka that Confluent.Kafka can use and loads it, in this order: an explicit path,
/// <c>$KAFKA_CHAOS_LIBRDKAFKA</c>, a system library of a matching version, the per-user cache, and
/// finally a build from the sources the npm package <see cref="LibrdkafkaBuilder.SourcePackage"/> ships.
/// A wrong version fails here, naming the found and the needed version, rather than as an
/// EntryPointNotFoundException in the middle of a test.
/// </summary>
public static class LibrdkafkaLocator
{
    /// <summary>Environment variable naming a librdkafka shared library to use.</summary>
    public const string PathVariable = "KAFKA_CHAOS_LIBRDKAFKA";

    /// <summary>The release the referenced Confluent.Kafka assembly is built against.</summary>
    public static readonly Version Required = new(2, 15, 1);

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _loadedPath;

    /// <summary>The path loaded into this process, once <see cref="EnsureLoadedAsync"/> succeeded.</summary>
    public static string? LoadedPath => _loadedPath;

    /// <summary>Locates (building if needed) and loads librdkafka once per process.</summary>
    public static async Task<string> EnsureLoadedAsync(CachePaths cache, string? explicitPath, TextWriter? progress, CancellationToken cancellationToken)
    {
        if (_loadedPath is not null) return _loadedPath;
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (_loadedPath is not null) return _loadedPath;
            var path = await LocateAsync(cache, explicitPath, progress, cancellationToken);
            NativeLibrary.SetDllImportResolver(typeof(Confluent.Kafka.Library).Assembly,
                (name, _, _) => ResolveNative(name, path));
            Confluent.Kafka.Library.Load(path);
            _loadedPath = path;
            return path;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Where the usable library is (building it if needed), without loading it into Confluent.Kafka.</summary>
    public static async Task<string> LocateAsync(CachePaths cache, string? explicitPath, TextWriter? progress, CancellationToken cancellationToken) =>
        (await TryLocateAsync(cache, explicitPath, build: true, progress, cancellationToken))!;

    /// <summary>As <see cref="LocateAsync"/>; with <paramref name="build"/> false, null instead of building.</summary>
    public static async Task<string?> TryLocateAsync(CachePaths cache, string? explicitPath, bool build, TextWriter? progress, CancellationToken cancellationToken)
    {
        var chosen = explicitPath ?? Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(chosen))
        {
            if (!File.Exists(chosen))
                throw new ProvisioningException($"librdkafka not found at {chosen} (from {(explicitPath is null ? PathVariable : "the explicit path")}).");
            RequireCompatible(chosen, ProbeVersion(chosen));
            return chosen;
        }

        foreach (var candidate in SystemCandidates())
        {
            if (ProbeVersion(candidate) is { } version && IsCompatible(version)) return candidate;
        }

        var cached = CachedLibrary(cache);
        if (File.Exists(cached) && ProbeVersion(cached) is { } cachedVersion && IsCompatible(cachedVersion)) return cached;
        if (!build) return null;

        using (await CacheLock.AcquireAsync(cache, "librdkafka", TimeSpan.FromMinutes(15), progress, cancellationToken))
        {
            if (!File.Exists(cached))
                await LibrdkafkaBuilder.BuildAsync(cache, cached, progress, cancellationToken);
        }
        RequireCompatible(cached, ProbeVersion(cached));
        return cached;
    }

    /// <summary>The cache location of the library built from sources.</summary>
    public static string CachedLibrary(CachePaths cache) =>
        Path.Combine(cache.Librdkafka, Required.ToString(), "librdkafka.so.1");

    /// <summary>Reads <c>rd_kafka_version()</c> from a library; null when it is not a loadable librdkafka.</summary>
    public static Version? ProbeVersion(string pathOrName)
    {
        if (!NativeLibrary.TryLoad(pathOrName, out var handle)) return null;
        try
        {
            if (!NativeLibrary.TryGetExport(handle, "rd_kafka_version", out var export)) return null;
            var hex = Marshal.GetDelegateForFunctionPointer<VersionFunction>(export)();
            // 0xMMmmrrpp: major, minor, revision, pre-release.
            return new Version((hex >> 24) & 0xff, (hex >> 16) & 0xff, (hex >> 8) & 0xff);
        }
        finally
        {
            // Confluent.Kafka loads its own handle by path; this probe's handle is not needed any more.
            NativeLibrary.Free(handle);
        }
    }

    /// <summary>Same major and minor as required, at least the required revision's minor release.</summary>
    public static bool IsCompatible(Version found) =>
        found.Major == Required.Major && found.Minor >= Required.Minor;

    private static void RequireCompatible(string path, Version? found)
    {
        if (found is null)
            throw new ProvisioningException($"{path} is not a loadable librdkafka (no rd_kafka_version export).");
        if (!IsCompatible(found))
            throw new ProvisioningException(
                $"librdkafka at {path} is version {found}, but Confluent.Kafka {Required} needs librdkafka {Required.Major}.{Required.Minor}.x or a later {Required.Major}.x. " +
                $"Unset {PathVariable} to let kafka-chaos build a matching one, or install librdkafka.redist {Required} from NuGet.");
    }

    private static IEnumerable<string> SystemCandidates()
    {
        yield return "librdkafka.so.1";
        yield return "librdkafka.so";
    }

    /// <summary>
    /// Confluent.Kafka binds its P/Invokes to the name "librdkafka" and calls dlopen from "libdl". Without
    /// librdkafka.redist neither name resolves: point the first at the located library, and the second at
    /// libdl.so.2 (glibc 2.34+ has no unversioned libdl.so outside a -dev package).
    /// </summary>
    private static IntPtr ResolveNative(string name, string librdkafkaPath) => name switch
    {
        "librdkafka" => NativeLibrary.Load(librdkafkaPath),
        "libdl" when NativeLibrary.TryLoad("libdl.so.2", out var libdl) => libdl,
        _ => IntPtr.Zero,
    };

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int VersionFunction();
}
