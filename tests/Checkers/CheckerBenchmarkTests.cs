using KafkaChaos.Checkers;
using NUnit.Framework;

namespace KafkaChaos.Tests.Checkers;

/// <summary>Run on demand, in Release: <c>dotnet test -c Release --filter Category=Benchmark</c>. Prints figures, asserts nothing about speed.</summary>
internal sealed class CheckerBenchmarkTests
{
    [Test, Explicit("benchmark: minutes of CPU and gigabytes of memory"), Category("Benchmark")]
    public Task Ten_million_ids() => CheckerBenchmark.RunAsync(TestContext.Out, CheckerBenchmark.DefaultIds, CancellationToken.None);

    [Test, Explicit("benchmark: minutes of CPU and about 7 GB of temporary disk"), Category("Benchmark")]
    public Task Hundred_million_ids_on_disk() => OnDiskCheckerBenchmark.RunAsync(TestContext.Out, 100_000_000, CancellationToken.None);

    [Test]
    public async Task A_small_benchmark_run_finds_what_it_injected()
    {
        var output = new StringWriter();
        await CheckerBenchmark.RunAsync(output, CheckerBenchmark.MinimumIds, CancellationToken.None);
        Assert.That(output.ToString(), Does.Contain("AckedLost = 10,").And.Contain("DuplicatesInLog = 10,")
            .And.Contain("Reordered = 5,").And.Contain("Unexpected = 3 ").And.Contain("DuplicateProcessing = 4,")
            .And.Contain("TruncatedAckedOffsets=20").And.Contain("on-disk and in-memory counts agree"));
    }
}
