using System.CommandLine;
using KafkaChaos.Audit;
using KafkaChaos.Audit.Reports;
using KafkaChaos.Provisioning;
using KafkaChaos.Scenarios;
using KafkaChaos.Scenarios.Running;

namespace KafkaChaos.Cli;

/// <summary>
/// <c>chaos audit</c>: a team's own producer/consumer/topic configuration under the fault battery
/// (<c>scenarios/audit/*.yaml.template</c>), as a guarantee matrix with the claims' predictions, optionally diffed
/// against a second configuration (<c>--compare</c>) or an earlier audit (<c>--baseline</c>). Input is validated
/// before any cluster starts. Exit code: 0 ok, 1 a required guarantee violated/unproven or one the reference kept
/// lost, 2 bad input, 130 interrupted.
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var producer = new Option<string?>("--producer-config") { Description = "The producer's configuration: a .properties file, or file.json#Section:Path (Confluent.Kafka ProducerConfig shape)." };
        var consumer = new Option<string?>("--consumer-config") { Description = "The consumer's configuration (same forms)." };
        var topic = new Option<string?>("--topic-config") { Description = "Topic settings: replication.factor, min.insync.replicas, unclean.leader.election.enable (same forms)." };
        var sendMode = new Option<string?>("--send-mode") { Description = "How the application sends: await-each (default) | callback | fire-and-forget." };
        var commitMode = new Option<string?>("--commit-mode") { Description = "How it commits: auto | after-processing (default: from enable.auto.commit)." };
        var dedupe = new Option<bool>("--dedupe") { Description = "The consumer skips IDs it has already processed (idempotent consumer)." };
        var replication = new Option<int?>("--replication-factor") { Description = "Overrides the topic file's replication.factor." };
        var minIsr = new Option<int?>("--min-insync-replicas") { Description = "Overrides the topic file's min.insync.replicas." };
        var unclean = new Option<bool?>("--unclean-leader-election") { Description = "Overrides the topic file's unclean.leader.election.enable." };
        var compare = new Option<string?>("--compare")
        {
            Description = "A second configuration run in the same invocation (same seeds and schedule), e.g. " +
                "'producer=main/producer.properties,consumer=main/consumer.properties,topic=main/topic.properties,commit-mode=auto'. " +
                "Files not named take librdkafka's defaults; send-mode, commit-mode and dedupe default to the audited configuration's.",
        };
        var baseline = new Option<string?>("--baseline") { Description = "An earlier audit.json (or its directory) to compare with." };
        var require = new Option<string?>("--require") { Description = "Required guarantees, e.g. no-acked-loss,no-duplicates (also no-loss, no-silent-loss, no-unprocessed, no-reordered, no-failed-sends)." };
        var faults = new Option<string[]>("--faults") { Description = "Only these battery faults (template names).", AllowMultipleArgumentsPerToken = true };
        var battery = new Option<string?>("--battery") { Description = "The template directory (default: scenarios/audit/)." };
        var output = new Option<string>("--out") { Description = "Report directory.", DefaultValueFactory = _ => Path.Combine("chaos-reports", "audit") };
        var verbose = new Option<bool>("--verbose") { Description = "Print the harness log live." };
        var command = new Command("audit", "Run your own client configuration under the fault battery: what it loses, duplicates and reorders, and what changed.");
        common.AddTo(command);
        foreach (var option in new Option[] { producer, consumer, topic, sendMode, commitMode, dedupe, replication, minIsr, unclean, compare, baseline, require, faults, battery, output, verbose })
            command.Options.Add(option);

        command.SetAction(async (parse, cancellationToken) =>
        {
            IReadOnlyList<Scenario> templates;
            var configurations = new List<AuditConfiguration>();
            IReadOnlyList<Guarantee> required;
            AuditReport? baselineReport = null;
            try
            {
                LibrdkafkaLocator.EnsureLoaded(parse.GetValue(common.Librdkafka));
                required = Guarantees.ParsePolicy(parse.GetValue(require));
                var pattern = AppPattern.Parse(parse.GetValue(sendMode), parse.GetValue(commitMode), parse.GetValue(dedupe));
                var topicSettings = TopicSettings.Load(parse.GetValue(topic), parse.GetValue(replication), parse.GetValue(minIsr), parse.GetValue(unclean));
                var problems = new List<string>();
                try
                {
                    configurations.Add(AuditConfiguration.Create("audit", parse.GetValue(producer), parse.GetValue(consumer), topicSettings, pattern));
                }
                catch (AuditInputException ex)
                {
                    problems.AddRange(ex.Problems);
                }
                if (parse.GetValue(compare) is { } spec)
                {
                    try
                    {
                        configurations.Add(CompareConfiguration(spec, pattern));
                    }
                    catch (AuditInputException ex)
                    {
                        problems.AddRange(ex.Problems.Select(p => $"--compare: {p}"));
                    }
                }
                if (problems.Count > 0) throw new AuditInputException(problems);
                if (parse.GetValue(baseline) is { } b) baselineReport = await AuditJson.ReadAsync(b, cancellationToken);
                var directory = parse.GetValue(battery) ?? AuditBattery.DefaultDirectory(Environment.CurrentDirectory);
                templates = await AuditBattery.LoadAsync(directory, parse.GetValue(faults), cancellationToken);
            }
            catch (Exception ex) when (ex is AuditInputException or ScenarioLoadException or ProvisioningException or IOException)
            {
                Console.Error.WriteLine("chaos audit: the input was refused before any cluster started:");
                foreach (var line in ex is AuditInputException a ? a.Problems : [ex.Message]) Console.Error.WriteLine($"  {line}");
                return 2;
            }

            foreach (var c in configurations)
            {
                Console.WriteLine($"== {c.Label}: {c.Producer.Source}, {c.Consumer.Source}, topic {c.Topic.Source}");
                foreach (var s in c.Effective()) Console.WriteLine($"   {(s.FromUser ? "*" : " ")} {s.Name,-40} {s.Value,-12} {s.Origin}");
                foreach (var note in c.Producer.Notes.Concat(c.Consumer.Notes)) Console.WriteLine($"   note: {note}");
            }
            var outputRoot = Path.GetFullPath(parse.GetValue(output)!);
            Directory.CreateDirectory(outputRoot);
            var options = new RunnerOptions
            {
                Cluster = common.ClusterOptions(parse),
                OutputDirectory = outputRoot,
                Log = parse.GetValue(verbose) ? Console.Error : TextWriter.Null,
                Progress = p => Console.Error.WriteLine($"  {p}"),
            };
            var reference = baselineReport?.Configurations[0] ?? null;
            var referenceName = baselineReport is null ? null : $"baseline {parse.GetValue(baseline)}";
            var runner = new AuditRunner(options, line => Console.WriteLine($"   {line}"));
            var report = await runner.RunAsync(templates, configurations,
                partial => AuditReportFiles.WriteAsync(partial, Verdict(partial, reference, referenceName, required), outputRoot, CancellationToken.None),
                cancellationToken);
            var verdict = Verdict(report, reference, referenceName, required);
            await AuditReportFiles.WriteAsync(report, verdict, outputRoot, CancellationToken.None);
            Console.WriteLine();
            Console.WriteLine(AuditMarkdownWriter.Render(report, verdict));
            Console.WriteLine($"reports: {outputRoot} ({AuditJson.FileName}, {AuditMarkdownWriter.FileName}, {AuditHtmlWriter.FileName}, {AuditJUnitWriter.FileName})");
            return verdict.ExitCode;
        });
        return command;
    }

    private static AuditVerdict Verdict(AuditReport report, ConfigurationAudit? baseline, string? baselineName, IReadOnlyList<Guarantee> required)
    {
        // --compare: the second configuration is the reference; else a --baseline's first configuration.
        var reference = report.Configurations.Count > 1 ? report.Configurations[1] : baseline;
        var name = report.Configurations.Count > 1 ? report.Configurations[1].Label : baselineName;
        return AuditVerdict.Of(report, reference, name, required);
    }

    private static AuditConfiguration CompareConfiguration(string spec, AppPattern inherited)
    {
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        var known = new[] { "producer", "consumer", "topic", "send-mode", "commit-mode", "dedupe" };
        var problems = new List<string>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? part : part[..eq];
            if (eq < 0 || !known.Contains(key))
            {
                problems.Add($"'{part}': expected key=value with key one of {string.Join(", ", known)}" + (Nearest.Of(key, known) is { } n && n != key ? $"; did you mean '{n}'?" : ""));
                continue;
            }
            parts[key] = part[(eq + 1)..];
        }
        if (problems.Count > 0) throw new AuditInputException(problems);
        var pattern = AppPattern.Parse(parts.GetValueOrDefault("send-mode") ?? inherited.SendModeText,
            parts.GetValueOrDefault("commit-mode") ?? (inherited.CommitMode is { } m ? AppPattern.CommitModes.First(c => c.Value == m).Key : null),
            parts.TryGetValue("dedupe", out var d) ? d == "true" : inherited.Dedupe);
        var topic = TopicSettings.Load(parts.GetValueOrDefault("topic"), null, null, null);
        return AuditConfiguration.Create("compare", parts.GetValueOrDefault("producer"), parts.GetValueOrDefault("consumer"), topic, pattern);
    }
}
