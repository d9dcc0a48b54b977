namespace KafkaChaos.Proxy.Api;

/// <summary>One parsed HTTP request to the control API.</summary>
internal sealed record ControlRequest(string Method, string Path, string? UserAgent, byte[] Body);
