namespace KafkaChaos.Proxy.Toxics;

/// <summary>Optional capability: the toxic acts on each connection over time, not only when bytes pass
/// (timeout, reset_peer). Runs once per connection while the toxic is present; the token is cancelled when the
/// toxic is removed or the connection ends.</summary>
internal interface IConnectionToxic
{
    Task RunAsync(ToxicContext context, CancellationToken cancellationToken);
}
