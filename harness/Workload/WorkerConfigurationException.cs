namespace KafkaChaos.Workload;

/// <summary>A profile the client library refused, e.g. an unknown librdkafka property (named in <see cref="PropertyName"/>).</summary>
internal sealed class WorkerConfigurationException : Exception
{
    public WorkerConfigurationException(string message, string? propertyName, Exception? innerException = null)
        : base(message, innerException)
    {
        PropertyName = propertyName;
    }

    /// <summary>The offending property, when the library named one.</summary>
    public string? PropertyName { get; }
}
