namespace KafkaChaos.Cluster.Docker;

/// <summary>The Docker backend was chosen but no usable Docker daemon or image is there; the message says how to get one.</summary>
internal sealed class DockerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
