namespace KafkaChaos.History;

/// <summary>Every ledger event carries the UTC time it was recorded at, in <see cref="DateTime.Ticks"/>.</summary>
internal interface IHistoryEvent
{
    /// <summary>UTC ticks (100 ns since 0001-01-01) from the writer's <see cref="TimeProvider"/>.</summary>
    long TimestampTicks { get; }
}
