using KafkaChaos.Provisioning;
using KafkaChaos.Storage;

namespace KafkaChaos.Tests.Storage;

/// <summary>A real lazy mount over a fresh backing directory under /tmp (short paths: the control socket is a Unix socket).</summary>
internal sealed class LazyMountFixture : IAsyncDisposable
{
    private LazyMountFixture(string root, LazyMount mount)
    {
        Root = root;
        Mount = mount;
    }

    public string Root { get; }
    public LazyMount Mount { get; }
    public string Backing => Mount.Backing;

    /// <summary>A path inside the mount.</summary>
    public string At(string name) => Path.Combine(Mount.Mountpoint, name);

    /// <summary>The same path in the backing directory (what survived).</summary>
    public string Behind(string name) => Path.Combine(Mount.Backing, name);

    public static async Task<LazyMountFixture> StartAsync()
    {
        var root = Path.Combine("/tmp", "kchaos-lazy-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var mount = await LazyMount.MountAsync(CachePaths.Default, Path.Combine(root, "backing"), Path.Combine(root, "mnt"), TextWriter.Null, CancellationToken.None);
        return new LazyMountFixture(root, mount);
    }

    public async ValueTask DisposeAsync()
    {
        await Mount.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
