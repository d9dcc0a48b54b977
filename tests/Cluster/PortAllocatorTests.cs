using KafkaChaos.Cluster;
using NUnit.Framework;

namespace KafkaChaos.Tests.Cluster;

[TestFixture]
internal sealed class PortAllocatorTests
{
    [TestCase(32768, 60999, 10000, 32767, TestName = "Linux default: below the ephemeral range")]
    [TestCase(49152, 65535, 10000, 49151, TestName = "IANA range: below it")]
    [TestCase(1024, 20000, 20001, 65535, TestName = "A low ephemeral range: above it")]
    public void Fixed_ports_come_from_the_larger_stretch_outside_the_ephemeral_range(int ephemeralLow, int ephemeralHigh, int low, int high) =>
        Assert.That(PortAllocator.FixedRange((ephemeralLow, ephemeralHigh)), Is.EqualTo((low, high)));

    [Test]
    public void An_ephemeral_range_that_leaves_no_room_is_an_error_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PortAllocator.FixedRange((1024, 65000)));
        Assert.That(error!.Message, Does.Contain("ip_local_port_range"));
    }

    [Test]
    public void Taken_ports_are_distinct_free_and_outside_the_ephemeral_range()
    {
        var ports = PortAllocator.Take(7);

        Assert.That(ports, Is.Unique.And.Length.EqualTo(7));
        Assert.That(ports, Has.All.InRange(10_000, 65_535));
        var range = File.Exists("/proc/sys/net/ipv4/ip_local_port_range")
            ? File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray()
            : [49152, 65535];
        Assert.That(ports.Where(p => p >= range[0] && p <= range[1]), Is.Empty, "none the OS could hand out by itself");
        foreach (var port in ports)
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            Assert.DoesNotThrow(listener.Start, $"port {port} is free");
            listener.Stop();
        }
    }
}
