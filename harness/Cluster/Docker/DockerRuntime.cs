using System.Runtime.InteropServices;
using Docker.DotNet;
using Docker.DotNet.Models;
using Version = System.Version;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using KafkaChaos.Provisioning;

namespace KafkaChaos.Cluster.Docker;

/// <summary>
/// The Docker backend: every node is a container of one Kafka image (Testcontainers' <c>ContainerBuilder</c>) on the
/// host network, so nodes listen on 127.0.0.1 and reach each other and ZooKeeper through the fault proxies exactly
/// like local processes. Each node's directory is bind-mounted at its host path and the node runs as this host's
/// user, so configuration, data and logs stay plain files of the run directory. Containers carry the run id and
/// owner labels; see <see cref="DockerReaper"/>.
/// </summary>
internal sealed partial class DockerRuntime : INodeRuntime
{
    private const string KafkaHomeInImage = "/opt/kafka";
    private readonly DockerEndpoint _endpoint;
    private readonly IDockerClient _client;
    private readonly string _image;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..12];
    private readonly HarnessLogger _logger;

    private DockerRuntime(DockerEndpoint endpoint, IDockerClient client, string image, string imageId, Version version, TextWriter log)
    {
        _logger = new HarnessLogger(log);
        _endpoint = endpoint;
        _client = client;
        _image = image;
        KafkaVersion = version;
        Info = new ClusterBackendInfo("docker", image, imageId);
    }

    public ClusterBackendInfo Info { get; }

    public Version KafkaVersion { get; }

    public string KafkaHome => KafkaHomeInImage;

    /// <summary>
    /// Connects to the daemon (setting DOCKER_API_VERSION for an older one), picks the image (<see cref="ClusterOptions.Image"/>,
    /// else the locally built kafka-chaos/kafka:&lt;version of the cached distribution&gt;) and reads its Kafka version.
    /// </summary>
    public static async Task<DockerRuntime> CreateAsync(CachePaths cache, ClusterOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        // Ryuk's image cannot be pulled without a registry; DockerReaper does its work. Where the caller enabled it, keep it.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED")))
            Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
        var endpoint = await DockerEndpoint.ConnectAsync(cancellationToken);
        var client = endpoint.CreateClient();
        try
        {
            var image = options.Image ?? await DefaultImageAsync(cache, options, log, cancellationToken);
            var inspected = await InspectOrPullAsync(client, image, log, cancellationToken);
            var runtime = new DockerRuntime(endpoint, client, image, inspected.ID, Version.Parse("0.0"), log);
            var version = await runtime.ReadKafkaVersionAsync(cancellationToken);
            log.WriteLine($"docker {endpoint.Daemon.Version} (API {endpoint.ApiVersion}): image {image} ({inspected.ID[..19]}) has Kafka {version}");
            return new DockerRuntime(endpoint, client, image, inspected.ID, version, log);
        }
        catch
        {
            client.Dispose();
            endpoint.Dispose();
            throw;
        }
    }

    public async Task<INodeProcess> LaunchAsync(string name, string directory, IReadOnlyList<string> javaArguments, INodeProcess? previous,
        CancellationToken cancellationToken)
    {
        if (previous is DockerNode node)
        {
            await node.StartAgainAsync(cancellationToken);
            return node;
        }
        Directory.CreateDirectory(directory);
        var output = Path.Combine(directory, "stdout.log");
        var container = Builder(name, directory, $"exec java {Quote(javaArguments)} >> {Quote(output)} 2>&1").Build();
        return await DockerNode.StartAsync(container, _client, _endpoint, output, cancellationToken);
    }

    public async Task<ExternalCommand.Result> RunToolAsync(string directory, IReadOnlyList<string> javaArguments, string? standardInput,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var output = Path.Combine(directory, $"tool-{Guid.NewGuid():N}.log");
        var input = standardInput is null ? "" : $"printf %s {Quote([standardInput])} | ";
        await using var container = Builder("tool", directory, $"{input}java {Quote(javaArguments)} > {Quote(output)} 2>&1").Build();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await container.StartAsync(deadline.Token);
            DockerReaper.Track(container.Id, _endpoint);
            var exit = await _client.Containers.WaitContainerAsync(container.Id, deadline.Token);
            var text = File.Exists(output) ? await File.ReadAllTextAsync(output, cancellationToken) : "";
            return new ExternalCommand.Result((int)exit.StatusCode, text);
        }
        finally
        {
            await DockerReaper.RemoveAsync(_client, container.Id);
            File.Delete(output);
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _endpoint.Dispose();
        return ValueTask.CompletedTask;
    }

    private ContainerBuilder Builder(string name, string directory, string shellCommand) => new ContainerBuilder(_image)
        .WithName($"kafka-chaos-{_runId}-{name}-{Guid.NewGuid().ToString("N")[..4]}")
        .WithLabel(ContainerLabels.Run, _runId)
        .WithLabel(ContainerLabels.Owner, ContainerLabels.ThisOwner)
        .WithLabel(ContainerLabels.Node, name)
        .WithBindMount(directory, directory)
        .WithEntrypoint("/bin/sh")
        .WithCommand("-c", shellCommand)
        .WithCleanUp(true)
        .WithLogger(_logger)
        // WithNetwork("host") does not give host networking; the create parameters do.
        .WithCreateParameterModifier(p =>
        {
            (p.HostConfig ??= new HostConfig()).NetworkMode = "host";
            p.User = $"{HostUser.Uid}:{HostUser.Gid}";
            p.WorkingDir = directory;
        });

    private async Task<Version> ReadKafkaVersionAsync(CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"kafka-chaos-image-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            var listing = Path.Combine(scratch, "libs.txt");
            await using var container = Builder("version", scratch, $"ls {KafkaHomeInImage}/libs > {Quote(listing)} 2>&1").Build();
            await container.StartAsync(cancellationToken);
            DockerReaper.Track(container.Id, _endpoint);
            await _client.Containers.WaitContainerAsync(container.Id, cancellationToken);
            await DockerReaper.RemoveAsync(_client, container.Id);
            var jars = File.Exists(listing) ? await File.ReadAllLinesAsync(listing, cancellationToken) : [];
            return KafkaVersionInfo.DetectFromJarNames(jars)
                ?? throw new DockerUnavailableException($"Image {_image} has no Kafka jars in {KafkaHomeInImage}/libs (found: {string.Join(' ', jars.Take(5))}).");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<string> DefaultImageAsync(CachePaths cache, ClusterOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var distribution = await KafkaDistributionLocator.LocateAsync(cache, options.KafkaHome, log, cancellationToken);
        return $"kafka-chaos/kafka:{distribution.Version}";
    }

    private static async Task<ImageInspectResponse> InspectOrPullAsync(IDockerClient client, string image, TextWriter log, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Images.InspectImageAsync(image, cancellationToken);
        }
        catch (DockerImageNotFoundException)
        {
            if (image.StartsWith("kafka-chaos/", StringComparison.Ordinal))
                throw new DockerUnavailableException($"Image {image} is not built here; build it with compose/build-images.sh (offline, from the cached distribution).");
        }
        log.WriteLine($"pulling {image}");
        var colon = image.LastIndexOf(':');
        var (name, tag) = colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
        try
        {
            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = name, Tag = tag }, null, new Progress<JSONMessage>(), cancellationToken);
            return await client.Images.InspectImageAsync(image, cancellationToken);
        }
        catch (DockerApiException ex)
        {
            throw new DockerUnavailableException($"Image {image} is not here and could not be pulled: {ex.Message}", ex);
        }
    }

    private static string Quote(IEnumerable<string> values) => string.Join(' ', values.Select(v => "'" + v.Replace("'", "'\\''") + "'"));

    private static string Quote(string value) => Quote([value]);

    private static partial class HostUser
    {
        public static uint Uid => GetUid();
        public static uint Gid => GetGid();

        [LibraryImport("libc", EntryPoint = "getuid")]
        private static partial uint GetUid();

        [LibraryImport("libc", EntryPoint = "getgid")]
        private static partial uint GetGid();
    }
}
