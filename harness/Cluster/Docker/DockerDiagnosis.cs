using Docker.DotNet;
using Docker.DotNet.Models;

namespace KafkaChaos.Cluster.Docker;

/// <summary>What <c>chaos doctor</c> says about the Docker backend: the daemon, its API version, the kafka-chaos images.</summary>
internal static class DockerDiagnosis
{
    public sealed record Finding(bool Ok, string What, string Detail, string? Remedy = null);

    public static async Task<IReadOnlyList<Finding>> DiagnoseAsync(string? image, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        DockerEndpoint endpoint;
        try
        {
            endpoint = await DockerEndpoint.ConnectAsync(cancellationToken);
        }
        catch (DockerUnavailableException ex)
        {
            findings.Add(new Finding(false, "docker daemon", ex.Message.Split(". ")[0], "compose/build-images.sh (installs docker.io, starts dockerd, builds the images)"));
            return findings;
        }
        using (endpoint)
        using (var client = endpoint.CreateClient())
        {
            var apiNote = endpoint.ApiVersion < new System.Version(1, 44) ? $"; clients use API {endpoint.ApiVersion} (DOCKER_API_VERSION set for Testcontainers)" : "";
            findings.Add(new Finding(true, "docker daemon", $"{endpoint.Daemon.Version}, API {endpoint.Daemon.ApiVersionText} on {endpoint.SocketPath}{apiNote}"));
            var images = await client.Images.ListImagesAsync(new ImagesListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["reference"] = new Dictionary<string, bool> { ["kafka-chaos/*"] = true } },
            }, cancellationToken);
            var tags = images.SelectMany(i => (i.RepoTags ?? []).Select(t => $"{t} ({i.ID[7..19]})")).Order().ToList();
            findings.Add(tags.Count > 0
                ? new Finding(true, "docker images", string.Join(", ", tags))
                : new Finding(false, "docker images", "no kafka-chaos/* image", "compose/build-images.sh (offline, from the cached distribution)"));
            if (image is not null)
            {
                try
                {
                    var inspected = await client.Images.InspectImageAsync(image, cancellationToken);
                    findings.Add(new Finding(true, "docker image", $"{image} ({inspected.ID[..19]})"));
                }
                catch (DockerImageNotFoundException)
                {
                    findings.Add(new Finding(true, "docker image", $"{image} is not here yet; the first run pulls it"));
                }
            }
        }
        return findings;
    }
}
