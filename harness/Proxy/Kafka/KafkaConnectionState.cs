namespace KafkaChaos.Proxy.Kafka;

/// <summary>Per-connection pairing of responses with requests. Kafka answers in request order on a connection,
/// so this is a queue; a correlation id not at the head (a request swallowed by a toxic) is searched for and
/// the requests before it are forgotten.</summary>
internal sealed class KafkaConnectionState
{
    private readonly Queue<KafkaRequestHeader> _pending = new();
    private readonly Lock _lock = new();

    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    public void OnRequest(in KafkaRequestHeader header)
    {
        if (!header.ExpectsResponse)
        {
            return;
        }

        lock (_lock)
        {
            _pending.Enqueue(header);
        }
    }

    /// <summary>The request <paramref name="correlationId"/> answers, taken off the queue with any before it.</summary>
    public bool TryTakeRequest(int correlationId, out KafkaRequestHeader request)
    {
        request = default;
        lock (_lock)
        {
            var found = false;
            foreach (var pending in _pending)
            {
                if (pending.CorrelationId == correlationId)
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }

            while (_pending.TryDequeue(out var head))
            {
                if (head.CorrelationId == correlationId)
                {
                    request = head;
                    return true;
                }
            }

            return false;
        }
    }
}
