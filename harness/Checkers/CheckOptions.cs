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

    private readonly int _maxExamples = 10;
}
