using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization;
using Docker.DotNet;

namespace KafkaChaos.Cluster.Docker;

/// <summary>
/// The Docker daemon this harness talks to (<c>DOCKER_HOST</c>, else /var/run/docker.sock) and its API version.
/// Testcontainers 4.17 asks for API 1.44; an older daemon (Debian's docker.io 20.10 speaks 1.41) refuses it, so
/// <see cref="ConnectAsync"/> sets <c>DOCKER_API_VERSION</c> to the daemon's version when it is older and the
/// variable is unset: users never have to.
/// </summary>
internal sealed class DockerEndpoint : IDisposable
{
    public const string ApiVersionVariable = "DOCKER_API_VERSION";
    private static readonly Version TestcontainersApi = new(1, 44);
    private readonly HttpClient _http;

    private DockerEndpoint(string socketPath, HttpClient http, DaemonVersion daemon)
    {
        SocketPath = socketPath;
        _http = http;
        Daemon = daemon;
    }

    public string SocketPath { get; }

    public DaemonVersion Daemon { get; }

    /// <summary>The API version clients use: the daemon's when it is older than Testcontainers', else Testcontainers'.</summary>
    public Version ApiVersion => Daemon.Api < TestcontainersApi ? Daemon.Api : TestcontainersApi;

    public sealed record DaemonVersion(
        [property: JsonPropertyName("Version")] string Version,
        [property: JsonPropertyName("ApiVersion")] string ApiVersionText)
    {
        public Version Api => System.Version.Parse(ApiVersionText);
    }

    /// <summary>Asks the daemon for its version (unversioned /version works on every API level) and sets DOCKER_API_VERSION if needed.</summary>
    public static async Task<DockerEndpoint> ConnectAsync(CancellationToken cancellationToken)
    {
        var socketPath = SocketPathFromEnvironment();
        var http = UnixSocketClient(socketPath);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var daemon = await http.GetFromJsonAsync<DaemonVersion>("/version", timeout.Token)
                ?? throw new InvalidOperationException("The Docker daemon answered /version with nothing.");
            var endpoint = new DockerEndpoint(socketPath, http, daemon);
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ApiVersionVariable)) && daemon.Api < TestcontainersApi)
                Environment.SetEnvironmentVariable(ApiVersionVariable, daemon.ApiVersionText);
            return endpoint;
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            http.Dispose();
            throw new DockerUnavailableException(
                $"No Docker daemon answers on {socketPath} ({ex.Message}). Start one: compose/build-images.sh installs docker.io and starts " +
                "dockerd --iptables=false --bridge=none; elsewhere start Docker (Desktop) or set DOCKER_HOST=unix:///path/to/docker.sock.", ex);
        }
    }

    /// <summary>A Docker.DotNet client (Testcontainers' own dependency, Docker.DotNet.Enhanced) on the detected API version.</summary>
    public IDockerClient CreateClient() => new DockerClientBuilder()
        .WithEndpoint(new Uri($"unix://{SocketPath}"))
        .WithApiVersion(ApiVersion)
        .Build();

    /// <summary>
    /// Removes a container at once, synchronously (for signal handlers and process exit, where nothing may be awaited).
    /// True when it is gone.
    /// </summary>
    public bool RemoveNow(string containerId)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, $"/containers/{containerId}?force=true&v=true");
            using var response = _http.Send(request);
            return response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.NotFound;
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or IOException or TaskCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _http.Dispose();

    private static string SocketPathFromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(host)) return "/var/run/docker.sock";
        if (host.StartsWith("unix://", StringComparison.Ordinal)) return host["unix://".Length..];
        throw new DockerUnavailableException($"DOCKER_HOST={host}: only unix:// sockets are supported (containers use host networking).");
    }

    private static HttpClient UnixSocketClient(string socketPath) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, token) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = new Uri("http://docker"),
        Timeout = TimeSpan.FromSeconds(30),
    };
}
