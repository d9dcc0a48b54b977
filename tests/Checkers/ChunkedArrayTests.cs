using KafkaChaos.Checkers;
using NUnit.Framework;

namespace KafkaChaos.Tests.Checkers;

internal sealed class ChunkedArrayTests
{
    private const int Chunk = ChunkedArray<long>.ChunkLength;

    [Test]
    public void Growing_one_element_at_a_time_across_chunks_keeps_the_length_exact_and_new_elements_filled()
    {
        var array = new ChunkedArray<long>(-1L);
        for (long i = 0; i < 2 * Chunk + 3; i++)
        {
            array.EnsureLength(i + 1);
            Assert.That(array.Length, Is.EqualTo(i + 1));
            Assert.That(array[i], Is.EqualTo(-1L), $"element {i}");
            array[i] = i;
        }
        Assert.That(array[Chunk - 1], Is.EqualTo(Chunk - 1));
        Assert.That(array[Chunk], Is.EqualTo(Chunk));
        Assert.That(array[2 * Chunk + 2], Is.EqualTo(2 * Chunk + 2));
    }

    [Test]
    public void A_jump_over_several_chunks_fills_every_new_element_and_keeps_the_old_ones()
    {
        var array = new ChunkedArray<long>(7L);
        array.EnsureLength(5);
        array[4] = 42;
        array.EnsureLength(3 * Chunk + 1);
        Assert.That(array.Length, Is.EqualTo(3 * Chunk + 1));
        Assert.That(array[4], Is.EqualTo(42));
        Assert.That(new[] { array[5], array[Chunk], array[2 * Chunk + 17], array[3 * Chunk] }, Is.All.EqualTo(7L));
    }

    [Test]
    public void A_shorter_length_changes_nothing()
    {
        var array = new ChunkedArray<long>(Chunk + 10, 0L);
        array.EnsureLength(3);
        Assert.That(array.Length, Is.EqualTo(Chunk + 10));
    }
}
