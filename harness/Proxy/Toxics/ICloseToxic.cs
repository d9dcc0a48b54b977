namespace KafkaChaos.Proxy.Toxics;

/// <summary>Optional capability: the toxic acts when its stream's source closes, before the close is passed on
/// (slow_close).</summary>
internal interface ICloseToxic
{
    ValueTask OnCloseAsync(ToxicContext context, CancellationToken cancellationToken);
}
