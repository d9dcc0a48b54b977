using KafkaChaos.History;

namespace KafkaChaos.Checkers;

/// <summary>What a check should expect. Immutable; defaults stated per property.</summary>
internal sealed record CheckOptions
{
    /// <summary>The default: no consumption expected, 10 examples per finding.</summary>
    public static CheckOptions Default { get; } = new();

    /// <summary>
    /// Whether consumers were meant to process everything in the log; only then are unprocessed IDs
    /// reported (<see cref="FindingKind.Unprocessed"/>). Default false.
    /// </summary>
    public bool ConsumptionExpected { get; init; }

    /// <summary>Examples kept per finding. Default 10; 0 keeps none.</summary>
    public int MaxExamples
    {
        get => _maxExamples;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxExamples = value;
        }
    }

    /// <summary>
    /// How a check over files cuts each ledger: bytes between the record boundaries its first pass notes, and chunks per
    /// segment a full pass decodes at once. Default 256 KiB and 32; small values exercise the segmented and skipping reads.
    /// </summary>
    public (long ChunkBytes, int ChunksPerSegment) LedgerChunks { get; init; } = (VerifiedLedgers.DefaultChunkBytes, VerifiedLedgers.DefaultChunksPerSegment);

    private readonly int _maxExamples = 10;
}
