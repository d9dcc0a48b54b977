using System.Buffers;

namespace KafkaChaos.Proxy.Core;

/// <summary>The proxy's byte buffers. Not <see cref="ArrayPool{T}.Shared"/>: that pool caches an array per
/// thread, and every link reads on a thread of its own, so each connection would keep two 64 KiB buffers
/// while idle. This pool is one bounded cache for the whole process.</summary>
internal static class ProxyBuffers
{
    public static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(maxArrayLength: 1024 * 1024, maxArraysPerBucket: 32);
}
