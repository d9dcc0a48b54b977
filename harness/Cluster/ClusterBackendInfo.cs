namespace KafkaChaos.Cluster;

/// <summary>Which backend ran a cluster and on what (distribution directory, or image and image id), for reports.</summary>
/// <param name="Name">"process" or "docker".</param>
/// <param name="Source">The Kafka distribution directory, or the image name.</param>
/// <param name="Id">The image id (content digest) for Docker; null for processes.</param>
internal sealed record ClusterBackendInfo(string Name, string Source, string? Id)
{
    public override string ToString() => Id is null ? $"{Name} ({Source})" : $"{Name} ({Source}, {Id})";
}
