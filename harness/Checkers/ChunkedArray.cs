using System.Runtime.CompilerServices;

namespace KafkaChaos.Checkers;

/// <summary>
/// An array that grows by whole chunks of <see cref="ChunkLength"/> elements and never copies: a table filled
/// while the ledger streams past costs its length plus at most one chunk, where doubling and trimming cost up to
/// three times its size in allocations and twice at the peak.
/// </summary>
/// <typeparam name="T">The element; new elements hold <c>fill</c>.</typeparam>
internal sealed class ChunkedArray<T>(T fill)
    where T : struct
{
    /// <summary>Elements per chunk (65,536).</summary>
    public const int ChunkLength = 1 << Shift;

    private const int Shift = 16;
    private const int Mask = ChunkLength - 1;

    private T[][] _chunks = [];

    /// <summary>Chunks allocated, from the first: elements below this many chunks exist already.</summary>
    private int _allocated;

    /// <summary>An array of <paramref name="length"/> elements holding <paramref name="fill"/>.</summary>
    public ChunkedArray(long length, T fill)
        : this(fill) => EnsureLength(length);

    /// <summary>Elements in [0, this) exist.</summary>
    public long Length { get; private set; }

    /// <summary>The element at <paramref name="index"/>, which must be below <see cref="Length"/>.</summary>
    public ref T this[long index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _chunks[index >> Shift][index & Mask];
    }

    /// <summary>Grows to at least <paramref name="length"/> elements.</summary>
    /// <exception cref="NotSupportedException">More than <see cref="Array.MaxLength"/> chunks would be needed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EnsureLength(long length)
    {
        if (length <= Length)
        {
            return;
        }
        // A table filled by sequence grows by one element at a time: mostly within the last chunk.
        if (length <= (long)_allocated << Shift)
        {
            Length = length;
            return;
        }
        Grow(length);
    }

    private void Grow(long length)
    {
        long chunks = (length + Mask) >> Shift;
        if (chunks > Array.MaxLength)
        {
            throw new NotSupportedException($"{length} elements are more than a chunked array holds.");
        }
        int old = _chunks.Length;
        if (chunks > old)
        {
            Array.Resize(ref _chunks, (int)Math.Max(chunks, Math.Min(Array.MaxLength, old * 2L)));
            for (int i = old; i < _chunks.Length; i++)
            {
                _chunks[i] = [];
            }
        }
        for (long i = Length >> Shift; i < chunks; i++)
        {
            if (_chunks[i].Length == 0)
            {
                var chunk = GC.AllocateUninitializedArray<T>(ChunkLength);
                Array.Fill(chunk, fill);
                _chunks[i] = chunk;
            }
        }
        _allocated = (int)Math.Max(_allocated, chunks);
        Length = length;
    }
}
