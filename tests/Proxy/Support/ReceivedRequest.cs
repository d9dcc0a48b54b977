namespace KafkaChaos.Tests.Proxy.Support;

/// <summary>A request frame as <see cref="FakeKafkaUpstream"/> received it.</summary>
internal sealed record ReceivedRequest(short ApiKey, int CorrelationId, int PayloadLength);
