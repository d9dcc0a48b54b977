using KafkaChaos.History;

namespace KafkaChaos.Workload;

/// <summary>A message parked in a <see cref="DeadLetterStore"/> with the failure that parked it.</summary>
internal sealed record DeadLetter(MessageId Id, string ErrorCode, string Reason);
