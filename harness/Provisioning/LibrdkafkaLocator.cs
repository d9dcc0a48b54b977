using System.Runtime.InteropServices;

namespace KafkaChaos.Provisioning;

/// <summary>
/// Which native librdkafka Confluent.Kafka uses. By default the one the <c>librdkafka.redist</c> package brings
/// (resolved by the runtime from the application's deps.json, nothing to do here). Only when the caller names one
/// (an explicit path, or <c>$KAFKA_CHAOS_LIBRDKAFKA</c>) is it checked and loaded instead, through
/// Confluent.Kafka's <c>Library.Load</c>; a wrong version fails here, naming the found and the needed version,
/// rather than as an EntryPointNotFoundException in the middle of a test.
/// </summary>
internal static class LibrdkafkaLocator
{
    /// <summary>Environment variable naming a librdkafka shared library to use instead of the package's.</summary>
    public const string PathVariable = "KAFKA_CHAOS_LIBRDKAFKA";

    /// <summary>The release the referenced Confluent.Kafka (and its librdkafka.redist) is.</summary>
    public static readonly Version Required = new(2, 16, 0);

    private static readonly Lock Gate = new();
    private static string? _overridePath;

    /// <summary>The override loaded into this process, or null when the package's library is used.</summary>
    public static string? LoadedPath => _overridePath;

    /// <summary>
    /// Loads the override named by <paramref name="explicitPath"/> or <see cref="PathVariable"/>, once per process;
    /// does nothing when neither is set. Returns the override's path, or null.
    /// </summary>
    /// <exception cref="ProvisioningException">The override is missing, not librdkafka, of a wrong version, or a
    /// different override was loaded before.</exception>
    public static string? EnsureLoaded(string? explicitPath)
    {
        var chosen = Chosen(explicitPath, out var source);
        if (chosen is null) return null;
        lock (Gate)
        {
            if (_overridePath is not null)
            {
                if (Path.GetFullPath(_overridePath) == Path.GetFullPath(chosen)) return _overridePath;
                throw new ProvisioningException($"librdkafka {_overridePath} is already loaded in this process; cannot switch to {chosen} (from {source}).");
            }
            Check(chosen, source);
            // Confluent.Kafka binds its P/Invokes to the name "librdkafka", which the package's deps.json entry
            // would resolve; point that name at the override for Confluent.Kafka's assembly only.
            NativeLibrary.SetDllImportResolver(typeof(Confluent.Kafka.Library).Assembly,
                (name, _, _) => name == "librdkafka" ? NativeLibrary.Load(chosen) : IntPtr.Zero);
            Confluent.Kafka.Library.Load(chosen);
            _overridePath = chosen;
            return chosen;
        }
    }

    /// <summary>The override that <see cref="EnsureLoaded"/> would load, checked but not loaded; null when none is set.</summary>
    /// <exception cref="ProvisioningException">As <see cref="EnsureLoaded"/>.</exception>
    public static string? CheckOverride(string? explicitPath)
    {
        var chosen = Chosen(explicitPath, out var source);
        if (chosen is not null) Check(chosen, source);
        return chosen;
    }

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
            NativeLibrary.Free(handle);
        }
    }

    /// <summary>Same major as required and at least the required minor release.</summary>
    public static bool IsCompatible(Version found) =>
        found.Major == Required.Major && found.Minor >= Required.Minor;

    private static string? Chosen(string? explicitPath, out string source)
    {
        source = explicitPath is null ? PathVariable : "the explicit path";
        var chosen = explicitPath ?? Environment.GetEnvironmentVariable(PathVariable);
        return string.IsNullOrWhiteSpace(chosen) ? null : chosen;
    }

    private static void Check(string path, string source)
    {
        if (!File.Exists(path))
            throw new ProvisioningException($"librdkafka not found at {path} (from {source}).");
        var found = ProbeVersion(path)
            ?? throw new ProvisioningException($"{path} is not a loadable librdkafka (no rd_kafka_version export).");
        if (!IsCompatible(found))
            throw new ProvisioningException(
                $"librdkafka at {path} is version {found}, but Confluent.Kafka {Required} needs librdkafka {Required.Major}.{Required.Minor}.x or a later {Required.Major}.x. " +
                $"Unset {PathVariable} to use the librdkafka.redist package's library.");
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int VersionFunction();
}
