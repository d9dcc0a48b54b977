namespace KafkaChaos.Fixtures;

/// <summary>Thrown by the <see cref="LedgerReport"/> assertions; the message names the lost and duplicated message ids.</summary>
public sealed class ChaosAssertionException : Exception
{
    /// <summary>An assertion failure with its message.</summary>
    /// <param name="message">What was expected and what the ledger shows.</param>
    public ChaosAssertionException(string message) : base(message)
    {
    }
}
