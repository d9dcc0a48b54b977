using KafkaChaos.Checkers;
using NUnit.Framework;

namespace KafkaChaos.Tests.Checkers;

/// <summary>Run on demand, in Release: <c>dotnet test -c Release --filter Category=Benchmark</c>. Prints figures, asserts nothing about speed.</summary>
public sealed class CheckerBenchmarkTests
{
    [Test, Explicit("benchmark: minutes of CPU and gigabytes of memory"), Category("Benchmark")]
    public Task Ten_million_ids() => CheckerBenchmark.RunAsync(TestContext.Out, CheckerBenchmark.DefaultIds, CancellationToken.None);

    [Test]
    public Task A_small_benchmark_run_completes() => CheckerBenchmark.RunAsync(TextWriter.Null, 20_000, CancellationToken.None);
}
