using System.Buffers;
using System.Buffers.Binary;
using KafkaChaos.Proxy.Core;

namespace KafkaChaos.Proxy.Kafka;

/// <summary>Cuts one direction's byte stream into frame-aligned chunks annotated with their
/// <see cref="KafkaFrame"/> (or, with no output list, only tracks frames and pairing while the caller forwards the
/// bytes itself). Holds back only a frame's size and header bytes until the header parses; body bytes stream
/// through as they arrive. A frame whose size is impossible switches the connection to pass-through
/// (bytes still flow, Kafka toxics no longer apply) with a logged reason: a proxy never crashes on bad input.</summary>
internal sealed class KafkaFrameSplitter
{
    private const int SizeBytes = 4;
    private const int ResponseProbeBytes = 4;

    private readonly bool _isResponse;
    private readonly KafkaConnectionState _state;
    private readonly int _maxFrameBytes;
    private readonly Action<string> _log;
    private readonly KafkaVersionNotices _notices;

    /// <summary>Header bytes of a usual frame fit here; a longer prefix (a long client id, a whole Fetch v15+
    /// request) is rented while it is parsed.</summary>
    private const int SmallPrefixBytes = 64;

    private readonly byte[] _size = new byte[SizeBytes];
    private readonly byte[] _smallPrefix = new byte[SmallPrefixBytes];
    private readonly ClientIdCache _clientIds = new();
    private int _sizeFilled;
    private int _payloadLength = -1;
    private int _remaining;
    private byte[]? _prefix;
    private int _prefixFilled;
    private int _probeNeed;

    // The frame being passed on, once its header parsed: kept as values, so a frame costs no allocation unless
    // a toxic needs chunks (then its KafkaFrame is made once and shared by all its chunks).
    private bool _inBody;
    private int? _correlationId;
    private bool _hasRequest;
    private KafkaRequestHeader _request;
    private KafkaFrame? _current;

    /// <param name="notices">Which unknown api/versions were logged already; <see cref="KafkaVersionNotices.Shared"/> by default.</param>
    public KafkaFrameSplitter(bool isResponse, KafkaConnectionState state, int maxFrameBytes, Action<string> log, KafkaVersionNotices? notices = null)
    {
        _isResponse = isResponse;
        _state = state;
        _maxFrameBytes = maxFrameBytes;
        _log = log;
        _notices = notices ?? KafkaVersionNotices.Shared;
    }

    /// <summary>True once framing was abandoned for this connection.</summary>
    public bool PassThrough { get; private set; }

    public long FramesSeen { get; private set; }

    /// <summary>Bytes taken in but not yet emitted: a frame's size and header while they are being parsed.
    /// Always the tail of what was fed.</summary>
    public int HeldBytes => PassThrough ? 0 : _payloadLength < 0 ? _sizeFilled : !_inBody ? SizeBytes + _prefixFilled : 0;

    /// <summary>Copies the <see cref="HeldBytes"/> (in stream order) to <paramref name="destination"/>.</summary>
    public void CopyHeldTo(Span<byte> destination)
    {
        if (HeldBytes == 0)
        {
            return;
        }

        _size.AsSpan(0, _sizeFilled).CopyTo(destination);
        if (_payloadLength >= 0 && !_inBody)
        {
            _prefix.AsSpan(0, _prefixFilled).CopyTo(destination[SizeBytes..]);
        }
    }

    public void Split(ReadOnlySpan<byte> data, long receivedTimestamp, List<StreamChunk>? output)
    {
        while (!data.IsEmpty)
        {
            if (PassThrough)
            {
                output?.Add(StreamChunk.CopyOf(data, receivedTimestamp, null, false, false));
                return;
            }

            if (_payloadLength < 0)
            {
                var take = Math.Min(SizeBytes - _sizeFilled, data.Length);
                data[..take].CopyTo(_size.AsSpan(_sizeFilled));
                _sizeFilled += take;
                data = data[take..];
                if (_sizeFilled == SizeBytes)
                {
                    StartFrame(receivedTimestamp, output);
                }

                continue;
            }

            if (!_inBody)
            {
                var take = Math.Min(_probeNeed - _prefixFilled, data.Length);
                data[..take].CopyTo(_prefix.AsSpan(_prefixFilled));
                _prefixFilled += take;
                data = data[take..];
                if (_prefixFilled == _probeNeed)
                {
                    Probe(receivedTimestamp, output);
                }

                continue;
            }

            var body = Math.Min(_remaining, data.Length);
            _remaining -= body;
            output?.Add(StreamChunk.CopyOf(data[..body], receivedTimestamp, CurrentFrame, false, _remaining == 0));
            data = data[body..];
            if (_remaining == 0)
            {
                EndFrame();
            }
        }
    }

    private void StartFrame(long receivedTimestamp, List<StreamChunk>? output)
    {
        var size = BinaryPrimitives.ReadInt32BigEndian(_size);
        if (size < 0 || size > _maxFrameBytes)
        {
            PassThrough = true;
            _log($"frame size {size} is impossible (max {_maxFrameBytes}): {(_isResponse ? "downstream" : "upstream")} switched to pass-through");
            output?.Add(StreamChunk.CopyOf(_size, receivedTimestamp, null, false, false));
            return;
        }

        FramesSeen++;
        _payloadLength = size;
        _prefixFilled = 0;
        _probeNeed = Math.Min(size, _isResponse ? ResponseProbeBytes : 10);
        _prefix = _smallPrefix;
        if (_probeNeed == 0)
        {
            Probe(receivedTimestamp, output);
        }
    }

    private void Probe(long receivedTimestamp, List<StreamChunk>? output)
    {
        var prefix = _prefix.AsSpan(0, _prefixFilled);
        _hasRequest = false;
        _correlationId = null;
        if (_isResponse)
        {
            if (KafkaHeaderParser.TryParseResponseCorrelationId(prefix, out var correlationId))
            {
                _correlationId = correlationId;
                _hasRequest = _state.TryTakeRequest(correlationId, out _request);
            }
        }
        else
        {
            var status = KafkaHeaderParser.TryParseRequest(prefix, _payloadLength, _clientIds, out _request, out var needed);
            if (status == KafkaParseStatus.NeedMore)
            {
                Grow(needed);
                return;
            }

            if (status == KafkaParseStatus.Complete)
            {
                _state.OnRequest(_request);
                _hasRequest = true;
                _correlationId = _request.CorrelationId;
                if (!KafkaApiKeys.IsKnown(_request.ApiKey, _request.ApiVersion) && _notices.FirstSighting(_request.ApiKey, _request.ApiVersion))
                {
                    _log($"api {_request.ApiKey} v{_request.ApiVersion} is not in the proxy's protocol table: header read, body not, frames forwarded unchanged (logged once)");
                }
            }
            else
            {
                _log($"unparseable request header in a {_payloadLength}-byte frame: forwarded unchanged");
            }
        }

        _inBody = true;
        _current = null;
        _remaining = _payloadLength - _prefixFilled;
        if (output is not null)
        {
            var start = ProxyBuffers.Pool.Rent(SizeBytes + _prefixFilled);
            _size.CopyTo(start, 0);
            prefix.CopyTo(start.AsSpan(SizeBytes));
            output.Add(new StreamChunk(start, start.AsMemory(0, SizeBytes + _prefixFilled), receivedTimestamp, CurrentFrame, true, _remaining == 0));
        }

        if (!ReferenceEquals(_prefix, _smallPrefix))
        {
            ProxyBuffers.Pool.Return(_prefix!);
        }

        _prefix = null;
        if (_remaining == 0)
        {
            EndFrame();
        }
    }

    /// <summary>The frame in progress as toxics see it: made on first use.</summary>
    private KafkaFrame CurrentFrame => _current ??= new KafkaFrame(_isResponse, _payloadLength, _correlationId, _hasRequest ? _request : null);

    private void Grow(int needed)
    {
        if (needed > _prefix!.Length)
        {
            var bigger = ProxyBuffers.Pool.Rent(needed);
            _prefix.AsSpan(0, _prefixFilled).CopyTo(bigger);
            if (!ReferenceEquals(_prefix, _smallPrefix))
            {
                ProxyBuffers.Pool.Return(_prefix);
            }

            _prefix = bigger;
        }

        _probeNeed = needed;
    }

    private void EndFrame()
    {
        _inBody = false;
        _current = null;
        _payloadLength = -1;
        _sizeFilled = 0;
    }
}
