using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using KafkaChaos.Proxy;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Api;

/// <summary>Toxiproxy's HTTP API: routes, status codes and JSON shapes, driven with raw HTTP so the shapes
/// themselves are checked (the client is tested against them in <see cref="ToxiproxyClientTests"/>).</summary>
internal sealed class ControlApiTests
{
    private ProxyHarness _harness = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _harness = await ProxyHarness.StartAsync();
        _http = new HttpClient { BaseAddress = _harness.Server.ControlUri, Timeout = Deadline.Default };
    }

    [TearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _harness.DisposeAsync();
    }

    [Test]
    public async Task Version_is_json()
    {
        var (status, json) = await SendAsync(HttpMethod.Get, "version");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(json!["version"]!.GetValue<string>(), Is.EqualTo(ProxyServer.Version));
    }

    [Test]
    public async Task Proxy_lifecycle_create_get_list_update_delete()
    {
        var (created, proxy) = await SendAsync(HttpMethod.Post, "proxies", """{"name":"kafka1","listen":"127.0.0.1:0","upstream":"127.0.0.1:9092","protocol":"kafka"}""");
        Assert.That(created, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(proxy!["name"]!.GetValue<string>(), Is.EqualTo("kafka1"));
        Assert.That(proxy["enabled"]!.GetValue<bool>(), Is.True);
        Assert.That(proxy["protocol"]!.GetValue<string>(), Is.EqualTo("kafka"));
        Assert.That(proxy["toxics"]!.AsArray(), Is.Empty);
        Assert.That(proxy["listen"]!.GetValue<string>(), Does.Not.EndWith(":0"));

        var (conflict, error) = await SendAsync(HttpMethod.Post, "proxies", """{"name":"kafka1","upstream":"127.0.0.1:9092"}""");
        AssertError(conflict, error, HttpStatusCode.Conflict, "proxy already exists");

        var (ok, shown) = await SendAsync(HttpMethod.Get, "proxies/kafka1");
        Assert.That(ok, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(shown!["upstream"]!.GetValue<string>(), Is.EqualTo("127.0.0.1:9092"));

        var (_, list) = await SendAsync(HttpMethod.Get, "proxies");
        Assert.That(list!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "kafka1" }));

        var (updated, disabled) = await SendAsync(HttpMethod.Post, "proxies/kafka1", """{"enabled":false}""");
        Assert.That(updated, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(disabled!["enabled"]!.GetValue<bool>(), Is.False);
        var (patched, enabled) = await SendAsync(HttpMethod.Patch, "proxies/kafka1", """{"enabled":true}""");
        Assert.That(patched, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(enabled!["enabled"]!.GetValue<bool>(), Is.True);

        var (deleted, _) = await SendAsync(HttpMethod.Delete, "proxies/kafka1");
        Assert.That(deleted, Is.EqualTo(HttpStatusCode.NoContent));
        var (missing, notFound) = await SendAsync(HttpMethod.Get, "proxies/kafka1");
        AssertError(missing, notFound, HttpStatusCode.NotFound, "proxy not found");
        var (missingDelete, _) = await SendAsync(HttpMethod.Delete, "proxies/kafka1");
        Assert.That(missingDelete, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Proxy_create_errors_are_toxiproxy_json()
    {
        var (s1, e1) = await SendAsync(HttpMethod.Post, "proxies", """{"upstream":"127.0.0.1:1"}""");
        AssertError(s1, e1, HttpStatusCode.BadRequest, "missing required field: name");
        var (s2, e2) = await SendAsync(HttpMethod.Post, "proxies", """{"name":"x"}""");
        AssertError(s2, e2, HttpStatusCode.BadRequest, "missing required field: upstream");
        var (s3, e3) = await SendAsync(HttpMethod.Post, "proxies", "{not json");
        Assert.That(s3, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(e3!["error"]!.GetValue<string>(), Does.StartWith("bad request body"));
        var (s4, e4) = await SendAsync(HttpMethod.Post, "proxies", """{"name":"x","upstream":"127.0.0.1:1","protocol":"amqp"}""");
        Assert.That(s4, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(e4!["status"]!.GetValue<int>(), Is.EqualTo(400));
    }

    [Test]
    public async Task Toxic_lifecycle_create_get_list_update_delete()
    {
        await SendAsync(HttpMethod.Post, "proxies", """{"name":"p","listen":"127.0.0.1:0","upstream":"127.0.0.1:1"}""");

        var (created, toxic) = await SendAsync(HttpMethod.Post, "proxies/p/toxics", """{"type":"latency","attributes":{"latency":100}}""");
        Assert.That(created, Is.EqualTo(HttpStatusCode.OK), "Toxiproxy answers 200 to a toxic create");
        Assert.That(toxic!.ToJsonString(), Is.EqualTo("""{"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":1,"attributes":{"latency":100,"jitter":0},"uses":0}"""));

        var (conflict, error) = await SendAsync(HttpMethod.Post, "proxies/p/toxics", """{"type":"latency"}""");
        AssertError(conflict, error, HttpStatusCode.Conflict, "toxic already exists");

        var (_, list) = await SendAsync(HttpMethod.Get, "proxies/p/toxics");
        Assert.That(list!.AsArray().Select(t => t!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "latency_downstream" }));
        var (_, proxy) = await SendAsync(HttpMethod.Get, "proxies/p");
        Assert.That(proxy!["toxics"]!.AsArray(), Has.Count.EqualTo(1));

        var (updated, changed) = await SendAsync(HttpMethod.Post, "proxies/p/toxics/latency_downstream", """{"toxicity":0.5,"attributes":{"jitter":10}}""");
        Assert.That(updated, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(changed!["toxicity"]!.GetValue<double>(), Is.EqualTo(0.5));
        Assert.That(changed["attributes"]!["latency"]!.GetValue<long>(), Is.EqualTo(100), "attributes not given are kept");
        Assert.That(changed["attributes"]!["jitter"]!.GetValue<long>(), Is.EqualTo(10));

        var (shown, got) = await SendAsync(HttpMethod.Get, "proxies/p/toxics/latency_downstream");
        Assert.That(shown, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(got!["attributes"]!["jitter"]!.GetValue<long>(), Is.EqualTo(10));

        var (deleted, _) = await SendAsync(HttpMethod.Delete, "proxies/p/toxics/latency_downstream");
        Assert.That(deleted, Is.EqualTo(HttpStatusCode.NoContent));
        var (missing, notFound) = await SendAsync(HttpMethod.Get, "proxies/p/toxics/latency_downstream");
        AssertError(missing, notFound, HttpStatusCode.NotFound, "toxic not found");
        var (missingDelete, _) = await SendAsync(HttpMethod.Delete, "proxies/p/toxics/latency_downstream");
        Assert.That(missingDelete, Is.EqualTo(HttpStatusCode.NotFound));
        var (noProxy, noProxyError) = await SendAsync(HttpMethod.Get, "proxies/nope/toxics");
        AssertError(noProxy, noProxyError, HttpStatusCode.NotFound, "proxy not found");
    }

    [Test]
    public async Task Toxic_create_errors_are_toxiproxy_json()
    {
        await SendAsync(HttpMethod.Post, "proxies", """{"name":"p","listen":"127.0.0.1:0","upstream":"127.0.0.1:1"}""");

        var (s1, e1) = await SendAsync(HttpMethod.Post, "proxies/p/toxics", """{"type":"teleport"}""");
        AssertError(s1, e1, HttpStatusCode.BadRequest, "invalid toxic type");
        var (s2, e2) = await SendAsync(HttpMethod.Post, "proxies/p/toxics", """{"type":"latency","stream":"sideways"}""");
        AssertError(s2, e2, HttpStatusCode.BadRequest, "stream was invalid, can be either upstream or downstream");
        var (s3, e3) = await SendAsync(HttpMethod.Post, "proxies/p/toxics", """{"type":"latency","attributes":{"latency":"slow"}}""");
        Assert.That(s3, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(e3!["error"]!.GetValue<string>(), Does.Contain("latency"));
        var (s4, _) = await SendAsync(HttpMethod.Post, "proxies/p/toxics", """{"type":"latency","toxicity":1.5}""");
        Assert.That(s4, Is.EqualTo(HttpStatusCode.BadRequest));
        var (s5, _) = await SendAsync(HttpMethod.Post, "proxies/p/toxics", """{"type":"stall_replica_fetch"}""");
        Assert.That(s5, Is.EqualTo(HttpStatusCode.BadRequest), "Kafka toxics need protocol kafka");
    }

    [Test]
    public async Task Reset_enables_every_proxy_and_removes_every_toxic()
    {
        await SendAsync(HttpMethod.Post, "proxies", """{"name":"p","listen":"127.0.0.1:0","upstream":"127.0.0.1:1","enabled":false}""");
        await SendAsync(HttpMethod.Post, "proxies/p/toxics", """{"type":"timeout","attributes":{"timeout":0}}""");

        var (status, _) = await SendAsync(HttpMethod.Post, "reset");

        Assert.That(status, Is.EqualTo(HttpStatusCode.NoContent));
        var (_, proxy) = await SendAsync(HttpMethod.Get, "proxies/p");
        Assert.That(proxy!["enabled"]!.GetValue<bool>(), Is.True);
        Assert.That(proxy["toxics"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Populate_creates_keeps_identical_and_replaces_changed()
    {
        var body = """[{"name":"a","listen":"127.0.0.1:0","upstream":"127.0.0.1:1"},{"name":"b","listen":"127.0.0.1:0","upstream":"127.0.0.1:2","protocol":"kafka"}]""";
        var (status, result) = await SendAsync(HttpMethod.Post, "populate", body);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(result!["proxies"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "a", "b" }));

        var (again, second) = await SendAsync(HttpMethod.Post, "populate", """[{"name":"a","listen":"127.0.0.1:0","upstream":"127.0.0.1:3"}]""");
        Assert.That(again, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(second!["proxies"]![0]!["upstream"]!.GetValue<string>(), Is.EqualTo("127.0.0.1:3"));

        var (bad, error) = await SendAsync(HttpMethod.Post, "populate", """[{"name":"c"}]""");
        Assert.That(bad, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error!["error"]!.GetValue<string>(), Is.EqualTo("missing required field: upstream"));
        Assert.That(error["proxies"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Unknown_routes_and_methods_get_json_errors()
    {
        var (s1, e1) = await SendAsync(HttpMethod.Get, "nothing/here");
        Assert.That(s1, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(e1!["status"]!.GetValue<int>(), Is.EqualTo(404));
        var (s2, _) = await SendAsync(HttpMethod.Put, "proxies");
        Assert.That(s2, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    [Test]
    public async Task Browsers_are_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "proxies");
        request.Headers.UserAgent.ParseAdd("Mozilla/5.0");
        using var response = await _http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Garbage_requests_get_400_and_the_server_keeps_serving()
    {
        var uri = _harness.Server.ControlUri!;
        var random = new Random(ProxyHarness.Seed);
        string[] garbage =
        [
            "GARBAGE\r\n\r\n",
            "GET /proxies HTTP/1.1\r\nno-colon-header\r\n\r\n",
            "POST /proxies HTTP/1.1\r\nContent-Length: banana\r\n\r\n",
            "POST /proxies HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "\r\n\r\n",
        ];
        foreach (var text in garbage)
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(uri.Host, uri.Port);
            await socket.SendAsync(Encoding.ASCII.GetBytes(text));
            var (reply, _) = await socket.ReceiveToEndAsync();
            Assert.That(Encoding.ASCII.GetString(reply), Does.StartWith("HTTP/1.1 400"), text);
        }

        for (var i = 0; i < 20; i++)
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(uri.Host, uri.Port);
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            await socket.SendAsync(bytes);
            socket.Shutdown(SocketShutdown.Send);
            await socket.ReceiveToEndAsync();
        }

        var (status, _) = await SendAsync(HttpMethod.Get, "version");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Chunked_request_bodies_are_accepted()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("""{"name":"chunked","listen":"127.0.0.1:0","upstream":"127.0.0.1:1"}""")));
        using var request = new HttpRequestMessage(HttpMethod.Post, "proxies") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await _http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    private static void AssertError(HttpStatusCode status, JsonNode? body, HttpStatusCode expected, string message)
    {
        Assert.That(status, Is.EqualTo(expected));
        Assert.That(body!["error"]!.GetValue<string>(), Is.EqualTo(message));
        Assert.That(body["status"]!.GetValue<int>(), Is.EqualTo((int)expected));
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
