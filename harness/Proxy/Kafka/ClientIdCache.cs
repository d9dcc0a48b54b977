using System.Text;

namespace KafkaChaos.Proxy.Kafka;

/// <summary>The last client id seen on a connection, as bytes and string: a connection's client id rarely
/// changes, so decoding it once saves an allocation per request.</summary>
internal sealed class ClientIdCache
{
    private byte[] _bytes = [];
    private string _value = string.Empty;

    public string Get(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.SequenceEqual(_bytes))
        {
            _bytes = bytes.ToArray();
            _value = Encoding.UTF8.GetString(bytes);
        }

        return _value;
    }
}
