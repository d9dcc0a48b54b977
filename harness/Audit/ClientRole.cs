namespace KafkaChaos.Audit;

/// <summary>Which client a configuration file is for.</summary>
internal enum ClientRole
{
    /// <summary>A producer (<c>--producer-config</c>).</summary>
    Producer,
    /// <summary>A consumer (<c>--consumer-config</c>).</summary>
    Consumer,
}
