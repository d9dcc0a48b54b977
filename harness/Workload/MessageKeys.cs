using System.Globalization;
using System.Text;
using KafkaChaos.History;
using KafkaChaos.Scenarios;

namespace KafkaChaos.Workload;

/// <summary>The message key a <see cref="KeyPolicy"/> gives a message (keys decide partitions).</summary>
internal static class MessageKeys
{
    private static readonly byte[] FixedKey = "fixed"u8.ToArray();

    public static byte[]? For(KeyPolicy policy, MessageId id) => policy switch
    {
        KeyPolicy.None => null,
        KeyPolicy.ProducerId => Encoding.ASCII.GetBytes(id.ProducerId.ToString(CultureInfo.InvariantCulture)),
        KeyPolicy.Sequence => Encoding.ASCII.GetBytes(id.Sequence.ToString(CultureInfo.InvariantCulture)),
        KeyPolicy.Fixed => FixedKey,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };
}
