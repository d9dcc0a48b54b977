using System.Runtime.InteropServices;

namespace KafkaChaos.History;

/// <summary>
/// The identity of one message: the producer that invoked it and its position in that producer's
/// stream. Sequences are dense from 0 per producer (the checkers index arrays by them); a restarted
/// producer process takes a new <see cref="ProducerId"/> or resumes after its last recorded sequence.
/// </summary>
/// <remarks>Packed to 12 bytes: histories hold tens of millions of these.</remarks>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal readonly record struct MessageId(int ProducerId, long Sequence)
{
    /// <summary>Compact form used in reports: <c>producer:sequence</c>.</summary>
    public override string ToString() => $"{ProducerId}:{Sequence}";
}
