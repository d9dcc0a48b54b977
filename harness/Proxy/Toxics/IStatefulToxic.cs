namespace KafkaChaos.Proxy.Toxics;

/// <summary>Optional capability: the toxic keeps state per connection (created on first use there).</summary>
internal interface IStatefulToxic
{
    object CreateState();
}
