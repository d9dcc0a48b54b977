using System.Text.Json.Nodes;

namespace KafkaChaos.Proxy.Api;

/// <summary>A proxy to create or populate. <see cref="Protocol"/> "kafka" enables Kafka toxics (ignored by a real
/// Toxiproxy); null means plain TCP.</summary>
internal sealed record ProxySpec(string Name, string Listen, string Upstream, bool Enabled = true, string? Protocol = null)
{
    internal JsonObject ToJson()
    {
        var o = new JsonObject { ["name"] = Name, ["listen"] = Listen, ["upstream"] = Upstream, ["enabled"] = Enabled };
        if (Protocol is not null)
        {
            o["protocol"] = Protocol;
        }

        return o;
    }
}
