using KafkaChaos.Faults;
using KafkaChaos.Scenarios;
using NUnit.Framework;

namespace KafkaChaos.Tests.Faults;

internal sealed class NemesisTests
{
    private static FaultSpec Spec(FaultKind kind, IReadOnlyDictionary<string, string>? parameters = null) =>
        new() { Name = "f", Fault = kind, Params = parameters ?? new Dictionary<string, string>() };

    [Test]
    public void Every_supported_kind_is_created_and_the_others_refused()
    {
        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            if (Nemesis.Supported.Contains(kind))
            {
                var fault = Nemesis.Create(Spec(kind));
                Assert.That(fault.Spec.Fault, Is.EqualTo(kind));
                Assert.That(fault.Describe(), Does.StartWith(ScenarioKeys.EnumText(kind) + ":").And.Contain("not injected"));
            }
            else
            {
                Assert.Throws<NotSupportedException>(() => Nemesis.Create(Spec(kind)), kind.ToString());
            }
        }
        Assert.That(Nemesis.Supported, Is.EquivalentTo(new[]
        {
            FaultKind.LeaderKill, FaultKind.BrokerKill, FaultKind.BrokerPause, FaultKind.IsolateBroker, FaultKind.NetworkCutAfterAppend,
            FaultKind.DropProduceRequest, FaultKind.StallReplicaFetch, FaultKind.FollowerOutOfIsr, FaultKind.BrokersUnreachable, FaultKind.ConnectionBlip,
            FaultKind.PageCacheLoss,
        }));
    }

    [Test]
    public void Protocol_faults_expose_their_uses()
    {
        Assert.That(Nemesis.Create(Spec(FaultKind.NetworkCutAfterAppend)), Is.InstanceOf<IToxicFault>());
        Assert.That(Nemesis.Create(Spec(FaultKind.DropProduceRequest)), Is.InstanceOf<IToxicFault>());
        Assert.That(Nemesis.Create(Spec(FaultKind.StallReplicaFetch)), Is.InstanceOf<IToxicFault>());
        Assert.That(Nemesis.Create(Spec(FaultKind.LeaderKill)), Is.Not.InstanceOf<IToxicFault>());
    }

    [Test]
    public void Count_parameter_defaults_to_one_and_is_validated()
    {
        Assert.That(FaultParameters.Count(Spec(FaultKind.NetworkCutAfterAppend)), Is.EqualTo(1));
        Assert.That(FaultParameters.Count(Spec(FaultKind.NetworkCutAfterAppend, new Dictionary<string, string> { ["count"] = "3" })), Is.EqualTo(3));
        Assert.Throws<ArgumentException>(() => FaultParameters.Count(Spec(FaultKind.NetworkCutAfterAppend, new Dictionary<string, string> { ["count"] = "0" })));
        Assert.Throws<ArgumentException>(() => FaultParameters.Count(Spec(FaultKind.NetworkCutAfterAppend, new Dictionary<string, string> { ["count"] = "many" })));
        Assert.That(FaultParameters.Timeout(Spec(FaultKind.FollowerOutOfIsr), TimeSpan.FromSeconds(7)), Is.EqualTo(TimeSpan.FromSeconds(7)));
    }
}
