namespace KafkaChaos.Cluster;

/// <summary>No running broker answered a metadata request (all down, paused, or still starting).</summary>
internal sealed class MetadataUnavailableException : Exception
{
    public MetadataUnavailableException(string message) : base(message) { }
}
