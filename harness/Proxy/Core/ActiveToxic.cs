using System.Text.Json.Nodes;
using KafkaChaos.Proxy.Toxics;

namespace KafkaChaos.Proxy.Core;

/// <summary>A toxic installed on a proxy: Toxiproxy's name/type/stream/toxicity around the settings, plus what
/// all connections share (change signal, use counter). Per-connection state lives in <see cref="Link"/>.</summary>
internal sealed class ActiveToxic
{
    private readonly CancellationTokenSource _removed = new();
    private CancellationTokenSource _changed = new();
    private long _uses;

    public ActiveToxic(string name, string type, StreamDirection stream, double toxicity, IToxic toxic, long activatedTimestamp)
    {
        Name = name;
        Type = type;
        Stream = stream;
        Toxicity = toxicity;
        Toxic = toxic;
        ActivatedTimestamp = activatedTimestamp;
    }

    public string Name { get; }

    public string Type { get; }

    public StreamDirection Stream { get; }

    public double Toxicity { get; private set; }

    /// <summary>The latest settings; replaced whole on update.</summary>
    public IToxic Toxic { get; private set; }

    /// <summary>When the toxic was added or last updated (TimeProvider timestamp): start of duration windows.</summary>
    public long ActivatedTimestamp { get; private set; }

    public bool IsRemoved => _removed.IsCancellationRequested;

    public CancellationToken RemovedToken => _removed.Token;

    /// <summary>Cancelled at the next update or removal; waiting toxics wake on it and look again.</summary>
    public CancellationToken ChangedToken => Volatile.Read(ref _changed).Token;

    /// <summary>Counts a use shared by all connections; false once <paramref name="limit"/> uses happened
    /// (limit &lt;= 0: unlimited).</summary>
    public bool TryConsumeUse(long limit)
    {
        if (limit <= 0)
        {
            Interlocked.Increment(ref _uses);
            return true;
        }

        while (true)
        {
            var uses = Interlocked.Read(ref _uses);
            if (uses >= limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _uses, uses + 1, uses) == uses)
            {
                return true;
            }
        }
    }

    public long Uses => Interlocked.Read(ref _uses);

    public void Update(IToxic toxic, double toxicity, long activatedTimestamp)
    {
        Toxic = toxic;
        Toxicity = toxicity;
        ActivatedTimestamp = activatedTimestamp;
        Interlocked.Exchange(ref _uses, 0);
        var old = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
        old.Cancel();
    }

    public void Remove()
    {
        _removed.Cancel();
        Volatile.Read(ref _changed).Cancel();
    }

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["type"] = Type,
        ["stream"] = Stream == StreamDirection.Upstream ? "upstream" : "downstream",
        ["toxicity"] = Toxicity,
        ["attributes"] = Toxic.ToAttributes(),
        // Extra (not in Toxiproxy, ignored by its clients): how often the toxic has bitten (dropped, held,
        // swallowed), so a fault can wait for its protocol moment before healing.
        ["uses"] = Uses,
    };
}
