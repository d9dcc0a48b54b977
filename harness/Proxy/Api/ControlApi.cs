using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using KafkaChaos.Proxy.Core;

namespace KafkaChaos.Proxy.Api;

/// <summary>Toxiproxy's HTTP API (routes, JSON shapes, status codes) over a <see cref="ProxyServer"/>.
/// Extra: an optional proxy field <c>protocol</c> ("tcp" default, "kafka") and the Kafka toxic types.</summary>
internal sealed class ControlApi(ProxyServer server)
{
    public async Task<ControlResponse> HandleAsync(ControlRequest request, CancellationToken cancellationToken)
    {
        // As Toxiproxy: browsers may not drive the API (a web page could otherwise reach loopback).
        if (request.UserAgent?.StartsWith("Mozilla/", StringComparison.Ordinal) == true)
        {
            return ControlResponse.Error(HttpStatusCode.Forbidden, "User agent not allowed");
        }

        try
        {
            return await RouteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            return ControlResponse.Error(e.Status, e.Message);
        }
    }

    private Task<ControlResponse> RouteAsync(ControlRequest request, CancellationToken ct)
    {
        var path = request.Path;
        var query = path.IndexOf('?');
        if (query >= 0)
        {
            path = path[..query];
        }

        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var method = request.Method;
        var update = method is "POST" or "PATCH";
        return (parts, method) switch
        {
            (["version"], "GET") => Task.FromResult(ControlResponse.Json(HttpStatusCode.OK, new JsonObject { ["version"] = ProxyServer.Version })),
            (["reset"], "POST") => server.LockedAsync(() => { server.ResetLocked(); return ControlResponse.NoContent(); }, ct),
            (["populate"], "POST") => PopulateAsync(request.Body, ct),
            (["proxies"], "GET") => server.LockedAsync(() => ControlResponse.Json(HttpStatusCode.OK, ProxiesJson()), ct),
            (["proxies"], "POST") => CreateProxyAsync(request.Body, ct),
            (["proxies", var name], "GET") => server.LockedAsync(() => ControlResponse.Json(HttpStatusCode.OK, ProxyJson(server.GetLocked(name))), ct),
            (["proxies", var name], _) when update => UpdateProxyAsync(name, request.Body, ct),
            (["proxies", var name], "DELETE") => server.LockedAsync(async () => { await server.RemoveLockedAsync(name).ConfigureAwait(false); return ControlResponse.NoContent(); }, ct),
            (["proxies", var name, "toxics"], "GET") => server.LockedAsync(() => ControlResponse.Json(HttpStatusCode.OK, ToxicsJson(server.GetLocked(name))), ct),
            (["proxies", var name, "toxics"], "POST") => CreateToxicAsync(name, request.Body, ct),
            (["proxies", var name, "toxics", var toxic], "GET") => server.LockedAsync(() => ControlResponse.Json(HttpStatusCode.OK, FindToxic(name, toxic).ToJson()), ct),
            (["proxies", var name, "toxics", var toxic], _) when update => UpdateToxicAsync(name, toxic, request.Body, ct),
            (["proxies", var name, "toxics", var toxic], "DELETE") => server.LockedAsync(() => DeleteToxic(name, toxic), ct),
            _ when IsKnownPath(parts) => Task.FromResult(ControlResponse.Error(HttpStatusCode.MethodNotAllowed, $"method {method} not allowed on {path}")),
            _ => Task.FromResult(ControlResponse.Error(HttpStatusCode.NotFound, $"no route {method} {path}")),
        };
    }

    private static bool IsKnownPath(string[] parts) => parts switch
    {
        ["version"] or ["reset"] or ["populate"] or ["proxies"] or ["proxies", _] or ["proxies", _, "toxics"] or ["proxies", _, "toxics", _] => true,
        _ => false,
    };

    private Task<ControlResponse> CreateProxyAsync(byte[] body, CancellationToken ct)
    {
        var definition = ParseProxy(ParseObject(body));
        return server.LockedAsync(() => ControlResponse.Json(HttpStatusCode.Created, ProxyJson(server.GetLocked(server.AddLocked(definition).Name))), ct);
    }

    private Task<ControlResponse> UpdateProxyAsync(string name, byte[] body, CancellationToken ct)
    {
        var input = ParseObject(body);
        var listen = OptionalString(input, "listen");
        var upstream = OptionalString(input, "upstream");
        var enabled = OptionalBool(input, "enabled");
        return server.LockedAsync(
            async () =>
            {
                var proxy = server.GetLocked(name);
                await server.UpdateLockedAsync(proxy, listen, upstream, enabled).ConfigureAwait(false);
                return ControlResponse.Json(HttpStatusCode.OK, ProxyJson(proxy));
            },
            ct);
    }

    private async Task<ControlResponse> PopulateAsync(byte[] body, CancellationToken ct)
    {
        JsonArray input;
        try
        {
            input = JsonNode.Parse(body) as JsonArray ?? throw ApiException.BadRequest("expected a JSON array of proxies");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest(e.Message);
        }

        return await server.LockedAsync(
            async () =>
            {
                var populated = new List<ProxyInstance>();
                try
                {
                    foreach (var item in input)
                    {
                        var definition = ParseProxy(item as JsonObject ?? throw ApiException.BadRequest("each proxy must be a JSON object"));
                        if (server.AllLocked().FirstOrDefault(p => p.Name == definition.Name) is { } existing)
                        {
                            // As Toxiproxy: an identical proxy is kept (with its connections), a different one replaced.
                            if (existing.Upstream == definition.Upstream && existing.Protocol == definition.Protocol
                                && (existing.Listen == definition.Listen || definition.Listen.EndsWith(":0", StringComparison.Ordinal)))
                            {
                                populated.Add(existing);
                                continue;
                            }

                            await server.RemoveLockedAsync(existing.Name).ConfigureAwait(false);
                        }

                        populated.Add(server.GetLocked(server.AddLocked(definition).Name));
                    }
                }
                catch (ApiException e)
                {
                    var error = new JsonObject
                    {
                        ["error"] = e.Message,
                        ["status"] = (int)e.Status,
                        ["proxies"] = new JsonArray(populated.Select(p => (JsonNode?)ProxyJson(p)).ToArray()),
                    };
                    return ControlResponse.Json(e.Status, error);
                }

                return ControlResponse.Json(
                    HttpStatusCode.Created,
                    new JsonObject { ["proxies"] = new JsonArray(populated.Select(p => (JsonNode?)ProxyJson(p)).ToArray()) });
            },
            ct).ConfigureAwait(false);
    }

    private Task<ControlResponse> CreateToxicAsync(string proxyName, byte[] body, CancellationToken ct)
    {
        var input = ParseObject(body);
        var type = OptionalString(input, "type");
        var name = OptionalString(input, "name");
        var stream = OptionalString(input, "stream");
        var toxicity = OptionalDouble(input, "toxicity");
        var attributes = OptionalObject(input, "attributes") ?? [];
        return server.LockedAsync(
            () =>
            {
                var proxy = server.GetLocked(proxyName);
                var toxic = server.AddToxicLocked(proxy, name, type ?? string.Empty, stream, toxicity, attributes);
                return ControlResponse.Json(HttpStatusCode.OK, toxic.ToJson());
            },
            ct);
    }

    private Task<ControlResponse> UpdateToxicAsync(string proxyName, string toxicName, byte[] body, CancellationToken ct)
    {
        var input = ParseObject(body);
        var toxicity = OptionalDouble(input, "toxicity");
        var attributes = OptionalObject(input, "attributes");
        return server.LockedAsync(
            () => ControlResponse.Json(HttpStatusCode.OK, server.UpdateToxicLocked(server.GetLocked(proxyName), toxicName, toxicity, attributes).ToJson()),
            ct);
    }

    private ControlResponse DeleteToxic(string proxyName, string toxicName)
    {
        var proxy = server.GetLocked(proxyName);
        if (!proxy.RemoveToxic(toxicName))
        {
            throw ApiException.ToxicNotFound();
        }

        return ControlResponse.NoContent();
    }

    private ActiveToxic FindToxic(string proxyName, string toxicName) =>
        server.GetLocked(proxyName).FindToxic(toxicName) ?? throw ApiException.ToxicNotFound();

    private JsonObject ProxiesJson()
    {
        var result = new JsonObject();
        foreach (var proxy in server.AllLocked().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            result[proxy.Name] = ProxyJson(proxy);
        }

        return result;
    }

    private static JsonObject ProxyJson(ProxyInstance proxy) => new()
    {
        ["name"] = proxy.Name,
        ["listen"] = proxy.Listen,
        ["upstream"] = proxy.Upstream,
        ["enabled"] = proxy.Enabled,
        ["protocol"] = proxy.Protocol == ProxyProtocol.Kafka ? "kafka" : "tcp",
        ["toxics"] = ToxicsJson(proxy),
    };

    private static JsonArray ToxicsJson(ProxyInstance proxy) => new(proxy.AllToxics().Select(t => (JsonNode?)t.ToJson()).ToArray());

    private static ProxyDefinition ParseProxy(JsonObject input)
    {
        var protocol = OptionalString(input, "protocol") switch
        {
            null or "" or "tcp" => ProxyProtocol.Tcp,
            "kafka" => ProxyProtocol.Kafka,
            var other => throw ApiException.BadRequest($"protocol must be \"tcp\" or \"kafka\", got \"{other}\""),
        };

        return new ProxyDefinition(
            OptionalString(input, "name") ?? string.Empty,
            OptionalString(input, "listen") ?? string.Empty,
            OptionalString(input, "upstream") ?? string.Empty,
            OptionalBool(input, "enabled") ?? true,
            protocol);
    }

    private static JsonObject ParseObject(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body.Length == 0 ? "{}"u8 : body) as JsonObject ?? throw ApiException.BadRequest("expected a JSON object");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest(e.Message);
        }
    }

    private static string? OptionalString(JsonObject input, string name) => Optional(input, name, JsonValueKind.String, n => n.GetValue<string>());

    private static bool? OptionalBool(JsonObject input, string name) =>
        input.TryGetPropertyValue(name, out var node) && node is not null
            ? node.GetValueKind() switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw ApiException.BadRequest($"{name} must be true or false"),
            }
            : null;

    private static double? OptionalDouble(JsonObject input, string name) => Optional(input, name, JsonValueKind.Number, n => (double?)n.GetValue<double>());

    private static JsonObject? OptionalObject(JsonObject input, string name) =>
        input.TryGetPropertyValue(name, out var node) && node is not null
            ? node as JsonObject ?? throw ApiException.BadRequest($"{name} must be a JSON object")
            : null;

    private static T? Optional<T>(JsonObject input, string name, JsonValueKind kind, Func<JsonNode, T> read)
    {
        if (!input.TryGetPropertyValue(name, out var node) || node is null)
        {
            return default;
        }

        return node.GetValueKind() == kind ? read(node) : throw ApiException.BadRequest($"{name} must be a JSON {kind.ToString().ToLowerInvariant()}");
    }
}
