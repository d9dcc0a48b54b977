using KafkaChaos.Cluster;
using KafkaChaos.Provisioning;
using KafkaChaos.Scenarios;
using KafkaChaos.Tests.Support;
using KafkaChaos.Workload;
using NUnit.Framework;

namespace KafkaChaos.Tests.Workload;

/// <summary>Profiles librdkafka refuses fail at start with the property named; no cluster needed.</summary>
[TestFixture]
internal sealed class ConfigurationTests
{
    private static readonly ClientSettings NoCluster = new("127.0.0.1:9", new Version(0, 9, 0, 1));
    private static readonly Dictionary<string, string> Unknown = new() { ["no.such.property"] = "1" };
    private string _runDirectory = null!;

    [OneTimeSetUp]
    public void LoadLibrdkafka() => LibrdkafkaLocator.EnsureLoaded(null);

    [SetUp]
    public void CreateRunDirectory() => _runDirectory = Directory.CreateTempSubdirectory("kchaos-workload-config-").FullName;

    [TearDown]
    public void DeleteRunDirectory() => Directory.Delete(_runDirectory, recursive: true);

    private WorkerContext Context => new(NoCluster, "t", _runDirectory, 0, TimeProvider.System, 0);

    [TestCase(WorkerProcess.InProcess)]
    [TestCase(WorkerProcess.Child)]
    public async Task An_unknown_producer_property_is_an_error_naming_it(WorkerProcess process)
    {
        var error = await Assert.ThrowsAsync<WorkerConfigurationException>(async () =>
            await Workers.StartProducerAsync(new ProducerProfile { Properties = Unknown, Process = process }, Context, CancellationToken.None));

        Assert.That(error!.PropertyName, Is.EqualTo("no.such.property"));
        Assert.That(error.Message, Does.Contain("no.such.property"));
        Assert.That(Directory.EnumerateFiles(_runDirectory, "*.history"), Is.Empty, "a refused worker leaves no history stream");
    }

    [Test]
    public async Task An_unknown_consumer_property_is_an_error_naming_it()
    {
        var error = await Assert.ThrowsAsync<WorkerConfigurationException>(async () =>
            await Workers.StartConsumerAsync(new ConsumerProfile { Properties = Unknown, Process = WorkerProcess.InProcess }, Context, CancellationToken.None));

        Assert.That(error!.PropertyName, Is.EqualTo("no.such.property"));
    }

    [Test]
    public async Task Conflicting_profile_settings_name_the_setting_librdkafka_complained_about()
    {
        var error = await Assert.ThrowsAsync<WorkerConfigurationException>(async () =>
            await Workers.StartProducerAsync(new ProducerProfile { LingerMs = 60_000, DeliveryTimeoutMs = 30_000, Process = WorkerProcess.InProcess }, Context, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("linger.ms"));
        Assert.That(error.PropertyName, Is.EqualTo("message.timeout.ms").Or.EqualTo("linger.ms"));
    }

    [Test]
    public async Task A_child_worker_kills_itself_when_its_parent_goes_away()
    {
        var spec = Path.Combine(_runDirectory, "spec.json");
        await File.WriteAllTextAsync(spec, WorkerSpec.ForProducer(new ProducerProfile { Messages = 10, RatePerSecond = 1 }, Context).ToJson());
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { ChildWorker.ChaosDll, "worker", "--spec", spec }) info.ArgumentList.Add(arg);
        using var child = System.Diagnostics.Process.Start(info)!;
        try
        {
            _ = child.StandardError.ReadToEndAsync();
            var ready = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.That(ready, Does.Contain("\"ready\""));

            child.StandardInput.Close(); // what the parent's death looks like from the child

            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.That(child.ExitCode, Is.EqualTo(137), "SIGKILLed itself: no flush, like a crash");
        }
        finally
        {
            if (!child.HasExited) child.Kill();
        }
    }

    [Test]
    public async Task A_clients_librdkafka_lines_go_to_the_settings_log_with_its_name()
    {
        using var log = new FirstLineWith("named-producer librdkafka");
        // Nothing listens on 127.0.0.1:9, so librdkafka logs the refused connection at once.
        using var producer = ClientConfigs.BuildProducer(NoCluster with { Log = log }, new ProducerProfile(), "named-producer");

        var line = await log.Line.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(line, Does.Contain("127.0.0.1:9"));
    }

    /// <summary>A log that keeps the first line containing a text.</summary>
    private sealed class FirstLineWith(string text) : TextWriter
    {
        private readonly TaskCompletionSource<string> _line = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> Line => _line.Task;

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void WriteLine(string? value)
        {
            if (value is not null && value.Contains(text, StringComparison.Ordinal)) _line.TrySetResult(value);
        }
    }

    [Test]
    public void A_worker_spec_round_trips_through_json()
    {
        var spec = WorkerSpec.ForProducer(new ProducerProfile { SendMode = SendMode.DeadLetter, Acks = AcksMode.Leader, Properties = new Dictionary<string, string> { ["linger.ms"] = "7" } },
            Context with { Index = 3, Seed = 42, PauseAt = new WorkerPause(WorkerCounter.Acked, 100) });

        var back = WorkerSpec.FromJson(spec.ToJson());

        Assert.That(back.Producer!.SendMode, Is.EqualTo(SendMode.DeadLetter));
        Assert.That(back.Producer.Acks, Is.EqualTo(AcksMode.Leader));
        Assert.That(back.Producer.Properties["linger.ms"], Is.EqualTo("7"));
        Assert.That(back.ToContext().PauseAt, Is.EqualTo(new WorkerPause(WorkerCounter.Acked, 100)));
        Assert.That(back.ToContext().Clients, Is.EqualTo(NoCluster));
        Assert.That((back.Index, back.Seed), Is.EqualTo((3, 42)));
    }
}
