namespace KafkaChaos.Provisioning;

/// <summary>Something the harness needs is missing or wrong; the message says what and how to fix it.</summary>
internal sealed class ProvisioningException : Exception
{
    public ProvisioningException(string message) : base(message) { }
    public ProvisioningException(string message, Exception inner) : base(message, inner) { }
}
