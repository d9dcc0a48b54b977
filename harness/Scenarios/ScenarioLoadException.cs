namespace KafkaChaos.Scenarios;

/// <summary>A scenario file that does not load; carries every problem found, not only the first.</summary>
internal sealed class ScenarioLoadException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public ScenarioLoadException(IReadOnlyList<ScenarioError> errors)
        : base(errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} problems:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}") =>
        Errors = errors;

    /// <summary>Every problem, in document order.</summary>
    public IReadOnlyList<ScenarioError> Errors { get; }
}
