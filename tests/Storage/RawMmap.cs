using System.Runtime.InteropServices;

namespace KafkaChaos.Tests.Storage;

/// <summary>mmap(2) a file shared, store one value, munmap without msync: the write stays dirty in the kernel's page
/// cache, as the mapped index of a killed process does.</summary>
internal static class RawMmap
{
    private const int ORdWr = 2;
    private const int ProtRead = 1, ProtWrite = 2, MapShared = 1;

    public static void WriteWithoutSync(string path, long length, long offset, long value)
    {
        var fd = Open(path, ORdWr);
        if (fd < 0) throw new IOException($"open {path}: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            var address = Mmap(IntPtr.Zero, (nuint)length, ProtRead | ProtWrite, MapShared, fd, 0);
            if (address == new IntPtr(-1)) throw new IOException($"mmap {path}: errno {Marshal.GetLastPInvokeError()}");
            Marshal.WriteInt64(address, (int)offset, value);
            Munmap(address, (nuint)length);
        }
        finally
        {
            Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static extern IntPtr Mmap(IntPtr address, nuint length, int protection, int flags, int fd, long offset);

    [DllImport("libc", EntryPoint = "munmap")]
    private static extern int Munmap(IntPtr address, nuint length);
}
