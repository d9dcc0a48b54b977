using KafkaChaos.Proxy;
using KafkaChaos.Proxy.Api;
using KafkaChaos.Tests.Proxy.Support;
using NUnit.Framework;

namespace KafkaChaos.Tests.Proxy.Toxics;

/// <summary>Rules every Kafka-aware toxic follows: it needs a Kafka proxy, and it acts on requests or on responses only.</summary>
internal sealed class KafkaToxicRulesTests
{
    private static IEnumerable<TestCaseData> KafkaToxics()
    {
        yield return new TestCaseData(ToxicSpec.DropRequest([0]), "downstream").SetArgDisplayNames("drop_request");
        yield return new TestCaseData(ToxicSpec.DropResponse([0]), "upstream").SetArgDisplayNames("drop_response");
        yield return new TestCaseData(ToxicSpec.StallReplicaFetch([1]), "downstream").SetArgDisplayNames("stall_replica_fetch");
        yield return new TestCaseData(ToxicSpec.DelayApi([0], 10), "downstream").SetArgDisplayNames("delay_api");
    }

    [TestCaseSource(nameof(KafkaToxics))]
    public async Task Refused_on_a_tcp_proxy_and_on_the_wrong_stream(ToxicSpec toxic, string wrongStream)
    {
        await using var harness = await ProxyHarness.StartAsync();
        var tcp = await harness.CreateAsync("127.0.0.1:9", name: "tcp");
        var kafka = await harness.CreateAsync("127.0.0.1:9", ProxyProtocol.Kafka, name: "kafka");

        var onTcp = Assert.ThrowsAsync<ToxiproxyException>(() => harness.Client.AddToxicAsync(tcp.Name, toxic));
        var onWrongStream = Assert.ThrowsAsync<ToxiproxyException>(() => harness.Client.AddToxicAsync(kafka.Name, toxic with { Stream = wrongStream }));

        Assert.That((await onTcp)!.Status, Is.EqualTo(System.Net.HttpStatusCode.BadRequest));
        Assert.That((await onWrongStream)!.Status, Is.EqualTo(System.Net.HttpStatusCode.BadRequest));
        Assert.That((await harness.Client.AddToxicAsync(kafka.Name, toxic)).Stream, Is.EqualTo(wrongStream == "upstream" ? "downstream" : "upstream"), "the right stream is the default");
    }
}
