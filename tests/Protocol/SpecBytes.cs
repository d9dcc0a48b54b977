using System.Text;

namespace KafkaChaos.Tests.Protocol;

/// <summary>Builds expected wire bytes by hand, field by field as a spec's field list reads, independently of the
/// harness's codec (so a test compares the codec with the spec, not with itself). Big-endian throughout.</summary>
internal sealed class SpecBytes
{
    private readonly List<byte> _bytes = [];

    public SpecBytes I8(int v) { _bytes.Add((byte)v); return this; }

    public SpecBytes Bool(bool v) => I8(v ? 1 : 0);

    public SpecBytes I16(int v) { _bytes.Add((byte)(v >> 8)); _bytes.Add((byte)v); return this; }

    public SpecBytes I32(int v) { for (var s = 24; s >= 0; s -= 8) _bytes.Add((byte)(v >> s)); return this; }

    public SpecBytes I64(long v) { for (var s = 56; s >= 0; s -= 8) _bytes.Add((byte)(v >> s)); return this; }

    /// <summary>Unsigned varint, 7 bits per byte, least significant group first, high bit = more.</summary>
    public SpecBytes UVarint(uint v)
    {
        while (v >= 0x80) { _bytes.Add((byte)(v & 0x7F | 0x80)); v >>= 7; }
        _bytes.Add((byte)v);
        return this;
    }

    /// <summary>STRING / NULLABLE_STRING: int16 length (-1 = null), UTF-8 bytes.</summary>
    public SpecBytes Str(string? s)
    {
        if (s is null) return I16(-1);
        var b = Encoding.UTF8.GetBytes(s);
        I16(b.Length);
        _bytes.AddRange(b);
        return this;
    }

    /// <summary>COMPACT_(NULLABLE_)STRING: unsigned varint length + 1 (0 = null), UTF-8 bytes.</summary>
    public SpecBytes CStr(string? s)
    {
        if (s is null) return UVarint(0);
        var b = Encoding.UTF8.GetBytes(s);
        UVarint((uint)b.Length + 1);
        _bytes.AddRange(b);
        return this;
    }

    /// <summary>ARRAY length: int32 (-1 = null).</summary>
    public SpecBytes Arr(int? n) => I32(n ?? -1);

    /// <summary>COMPACT_ARRAY length: unsigned varint count + 1 (0 = null).</summary>
    public SpecBytes CArr(int? n) => UVarint(n is { } c ? (uint)c + 1 : 0);

    /// <summary>An empty tagged-field section (TAG_BUFFER with no fields).</summary>
    public SpecBytes NoTags() => UVarint(0);

    public SpecBytes Raw(params byte[] bytes) { _bytes.AddRange(bytes); return this; }

    /// <summary>UUID: 16 bytes as given.</summary>
    public SpecBytes Uuid(byte[] sixteen) { if (sixteen.Length != 16) throw new ArgumentException("16 bytes"); return Raw(sixteen); }

    public int Length => _bytes.Count;

    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>Size-prefixed frame of these bytes.</summary>
    public byte[] Frame() => new SpecBytes().I32(_bytes.Count).Raw(ToArray()).ToArray();
}
