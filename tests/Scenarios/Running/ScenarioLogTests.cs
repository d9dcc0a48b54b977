using KafkaChaos.Scenarios.Running;
using NUnit.Framework;

namespace KafkaChaos.Tests.Scenarios.Running;

[TestFixture]
internal sealed class ScenarioLogTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("kchaos-scenario-log-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Every_line_reaches_the_file_and_the_run_log_whole_when_written_from_many_threads()
    {
        var path = Path.Combine(_directory, "harness.log");
        using var run = new StringWriter();
        using (var log = new ScenarioLog(path, run))
        {
            Parallel.For(0, 8, thread =>
            {
                for (var i = 0; i < 500; i++) log.WriteLine($"thread {thread} line {i}");
            });
        }

        var expected = Enumerable.Range(0, 8).SelectMany(t => Enumerable.Range(0, 500).Select(i => $"thread {t} line {i}")).Order().ToList();
        Assert.That(File.ReadAllLines(path).Order().ToList(), Is.EqualTo(expected));
        Assert.That(run.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Order().ToList(), Is.EqualTo(expected));
    }

    [Test]
    public void A_line_after_disposal_still_reaches_the_run_log_and_does_not_throw()
    {
        var path = Path.Combine(_directory, "harness.log");
        using var run = new StringWriter();
        var log = new ScenarioLog(path, run);
        log.WriteLine("during");
        log.Dispose();

        Assert.DoesNotThrow(() => log.WriteLine("late client line"));
        Assert.That(File.ReadAllText(path), Does.Contain("during").And.Not.Contain("late"));
        Assert.That(run.ToString(), Does.Contain("late client line"));
    }
}
