namespace KafkaChaos.Soak;

/// <summary>A property a soak checks at its end; each is one expectation on the checker's counts.</summary>
internal enum SoakInvariant
{
    /// <summary>No acknowledged message is absent from the final read (<c>ackedLost == 0</c>).</summary>
    NoAckedLoss,

    /// <summary>No message is stored twice (<c>duplicatesInLog == 0</c>).</summary>
    NoDuplicates,

    /// <summary>No message is stored after a later one of the same producer in its partition (<c>reordered == 0</c>).</summary>
    OrderPerKey,

    /// <summary>Every stored message was processed by a consumer (<c>unprocessed == 0</c>).</summary>
    NothingUnprocessed,
}
