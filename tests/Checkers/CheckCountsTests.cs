using KafkaChaos.Checkers;
using NUnit.Framework;

namespace KafkaChaos.Tests.Checkers;

internal sealed class CheckCountsTests
{
    [Test]
    public void Counts_are_value_records() =>
        Assert.That(new CheckCounts { AckedLost = 2 }, Is.EqualTo(new CheckCounts { AckedLost = 2 }));
}
