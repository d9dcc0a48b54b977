using System.Text;

namespace KafkaChaos.Scenarios.Running;

/// <summary>
/// One scenario run's log: harness lines (faults, heals, cluster health, workers) and the librdkafka lines of every
/// in-process client, written to <c>&lt;scenario&gt;/harness.log</c> and passed on to the run's log (the console
/// with <c>--verbose</c>). Thread-safe, because librdkafka logs from its own threads; lines that arrive after
/// disposal (a client closing late) still reach the run's log.
/// </summary>
internal sealed class ScenarioLog : TextWriter
{
    private readonly StreamWriter _file;
    private readonly TextWriter _run;
    private readonly Lock _gate = new();
    private bool _closed;

    public ScenarioLog(string path, TextWriter run)
    {
        _file = new StreamWriter(path, append: false) { AutoFlush = true };
        _run = run;
    }

    public override Encoding Encoding => _file.Encoding;

    public override void Write(char value) => Both(w => w.Write(value));

    public override void Write(string? value) => Both(w => w.Write(value));

    public override void WriteLine(string? value) => Both(w => w.WriteLine(value));

    private void Both(Action<TextWriter> write)
    {
        lock (_gate)
        {
            if (!_closed) write(_file);
            write(_run);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                _closed = true;
                _file.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
