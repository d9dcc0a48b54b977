using Docker.DotNet;
using Docker.DotNet.Models;
using KafkaChaos.Cluster;
using KafkaChaos.Cluster.Docker;
using NUnit.Framework;

namespace KafkaChaos.Tests.Cluster.Docker;

/// <summary>
/// The Docker daemon the Docker tests need. Without one they fail with the fix in CI (CI=true), where a skipped
/// Docker test would hide that the backend never ran, and are ignored with the reason elsewhere.
/// </summary>
internal static class DockerDaemon
{
    /// <summary>Options for a cluster on the Docker backend (image: KAFKA_CHAOS_IMAGE, else the locally built one).</summary>
    public static KafkaChaos.Cluster.ClusterOptions Options => new() { Backend = ClusterBackend.Docker };

    public static async Task<IDockerClient> RequireAsync()
    {
        try
        {
            var endpoint = await DockerEndpoint.ConnectAsync(CancellationToken.None);
            return endpoint.CreateClient();
        }
        catch (DockerUnavailableException ex)
        {
            var message = $"The Docker tests need a Docker daemon: {ex.Message}";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Fail(message);
            Assert.Ignore(message);
            throw;
        }
    }

    /// <summary>A label's value, or null.</summary>
    public static string? Label(IDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var value) ? value : null;

    /// <summary>The kafka-chaos containers (any state) of run <paramref name="runId"/>, or of every run when null.</summary>
    public static async Task<IList<ContainerListResponse>> ContainersAsync(IDockerClient client, string? runId = null) =>
        await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [runId is null ? ContainerLabels.Run : $"{ContainerLabels.Run}={runId}"] = true },
            },
        });
}
