using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using SuperNet.Core.Config;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Events;

/// <summary>
/// The protocol side of one event listener process (contract §8.3): reads what the listener writes on
/// stdout and moves between ACKNOWLEDGED, READY, BUSY and UNKNOWN. Owner thread only. A rejected event
/// (FAIL, a bad result line, an exit while BUSY) goes back to its pool through <c>reject</c>.
/// </summary>
public sealed class ListenerChannel(string processName, IMainLog log, Action<SupervisorEvent> reject)
{
    private static readonly byte[] ReadyToken = "READY\n"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    // supervisord takes the length from after "RESULT " without checking the word itself.
    private const int ResultWordLength = 7;

    // Python 3.11's int() refuses a decimal string of more digits than this (sys.get_int_max_str_digits()).
    private const int MaxLengthDigits = 4300;
    // A legitimate result line is a few dozen bytes; past this one without a newline is refused rather than held.
    internal const int MaxResultLine = 64 * 1024;
    // A supervisor_stdout echo of a PROCESS_LOG event is at most one pipe read (128 KiB) plus its header.
    private const int KeptResultCapacity = 256 * 1024;

    private readonly List<byte> buffer = [];
    private readonly List<byte> result = [];
    // A length may be anything Python's int() takes, and is waited for as supervisord does; a body past
    // ResultHandlers.BodyLimit is counted, not held.
    private long? resultLength;
    private long received;

    public ListenerState State { get; private set; } = ListenerState.Acknowledged;
    /// <summary>The pool's result_handler (<see cref="ResultHandlers"/>); supervisord's default until the pool sets it.</summary>
    public ResultHandler ResultHandler { get; internal set; } = ResultHandlers.For(ResultHandlers.Default, _ => { });
    /// <summary>The event sent and not yet answered (set while BUSY).</summary>
    public SupervisorEvent? Event { get; private set; }

    /// <summary>A new spawn starts in ACKNOWLEDGED with nothing buffered.</summary>
    public void Reset()
    {
        State = ListenerState.Acknowledged;
        Event = null;
        buffer.Clear();
        ForgetResult();
    }

    /// <summary>The pool sent <paramref name="sent"/> to this listener.</summary>
    public void Sent(SupervisorEvent sent)
    {
        State = ListenerState.Busy;
        Event = sent;
    }

    /// <summary>The write of <paramref name="sent"/> found the pipe broken: READY again (upstream never left it), event handed back.</summary>
    public void Undelivered(SupervisorEvent sent)
    {
        if (State != ListenerState.Busy || !ReferenceEquals(Event, sent))
        {
            return;
        }
        log.Log(LogLevel.Debug, $"epipe occurred while sending event {sent.Serial} to listener {processName}, listener state unchanged");
        State = ListenerState.Ready;
        Event = null;
        reject(sent);
    }

    /// <summary>The process exited: an event it held is handed back for redelivery.</summary>
    public void Exited() => RejectHeld();

    public void OnOutput(ReadOnlySpan<byte> data)
    {
        buffer.AddRange(data);
        while (buffer.Count > 0 && Step())
        {
        }
    }

    /// <summary>One protocol step over the buffer; false when it must wait for more output.</summary>
    private bool Step()
    {
        switch (State)
        {
            case ListenerState.Unknown:
                buffer.Clear();
                return false;
            case ListenerState.Acknowledged:
                if (buffer.Count < ReadyToken.Length)
                {
                    return false;
                }
                if (StartsWithReady())
                {
                    Change(ListenerState.Ready);
                    buffer.RemoveRange(0, ReadyToken.Length);
                }
                else
                {
                    Change(ListenerState.Unknown);
                    buffer.Clear();
                }
                Event = null;
                return true;
            case ListenerState.Ready:
                // Output before an event was sent breaks the protocol.
                Change(ListenerState.Unknown);
                buffer.Clear();
                Event = null;
                return false;
            default:
                return resultLength is null ? ReadResultLine() : ReadResultBody();
        }
    }

    private bool StartsWithReady()
    {
        for (var i = 0; i < ReadyToken.Length; i++)
        {
            if (buffer[i] != ReadyToken[i])
            {
                return false;
            }
        }
        return true;
    }

    private bool ReadResultLine()
    {
        var end = buffer.IndexOf((byte)'\n');
        if ((end < 0 ? buffer.Count : end) > MaxResultLine)
        {
            Refuse($"result line longer than {MaxResultLine} bytes refused");
            return false;
        }
        if (end < 0)
        {
            return false;
        }
        var line = buffer.GetRange(0, end).ToArray();
        buffer.RemoveRange(0, end + 1);
        if (ParseLength(line.AsSpan(Math.Min(ResultWordLength, line.Length))) is not { } length)
        {
            Refuse($"bad result line: '{PythonRepr.Utf8OrUndecodable(line)}'");
            return false;
        }
        if (length > ResultHandlers.BodyLimit && ResultHandler.PastLimit is null)
        {
            Refuse($"result of {length} bytes refused: its result_handler needs the whole body and at most {ResultHandlers.BodyLimit} bytes are held");
            return false;
        }
        resultLength = length;
        return true;
    }

    /// <summary>The listener broke the protocol (<paramref name="why"/>): UNKNOWN for good, its event back to the pool.</summary>
    private void Refuse(string why)
    {
        log.Log(LogLevel.Warn, $"{processName}: {why}");
        Change(ListenerState.Unknown);
        buffer.Clear();
        RejectHeld();
    }

    private bool ReadResultBody()
    {
        var needed = resultLength!.Value - received;
        var take = (int)Math.Min(needed, buffer.Count);
        if (resultLength <= ResultHandlers.BodyLimit)
        {
            result.AddRange(CollectionsMarshal.AsSpan(buffer)[..take]);
        }
        buffer.RemoveRange(0, take);
        received += take;
        if (needed > take)
        {
            return false;
        }
        HandleResult(resultLength <= ResultHandlers.BodyLimit ? ResultHandler.Judge(result.ToArray()) : ResultHandler.PastLimit!.Value);
        Event = null;
        ForgetResult();
        return true;
    }

    private void ForgetResult()
    {
        result.Clear();
        // A body of up to BodyLimit is not held on to for good; an echo's usual size keeps its buffer for the next.
        if (result.Capacity > KeptResultCapacity)
        {
            result.TrimExcess();
        }
        resultLength = null;
        received = 0;
    }

    private void HandleResult(ResultVerdict verdict)
    {
        switch (verdict)
        {
            case ResultVerdict.Processed:
                log.Log(LogLevel.Debug, $"{processName}: event was processed");
                Change(ListenerState.Acknowledged);
                break;
            case ResultVerdict.Rejected:
                log.Log(LogLevel.Warn, $"{processName}: event was rejected");
                Change(ListenerState.Acknowledged);
                RejectHeld();
                break;
            default:
                log.Log(LogLevel.Warn, $"{processName}: event caused an error");
                Change(ListenerState.Unknown);
                RejectHeld();
                break;
        }
    }

    private void RejectHeld()
    {
        if (Event is { } held)
        {
            Event = null;
            reject(held);
        }
    }

    private void Change(ListenerState next)
    {
        log.Log(LogLevel.Debug, $"{processName}: {State.Name()} -> {next.Name()}");
        State = next;
        if (next == ListenerState.Unknown)
        {
            log.Log(LogLevel.Warn,
                $"{processName}: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol");
        }
    }

    /// <summary>
    /// Python's int() of the bytes: surrounding whitespace, a sign and single underscores between digits
    /// allowed, at most 4300 digits (leading zeros count). A negative length is refused too: upstream would wait
    /// forever for it ("-0" is Python's 0). A length past long's is one no listener will ever fill, so it is held at
    /// long's.
    /// </summary>
    internal static long? ParseLength(ReadOnlySpan<byte> text)
    {
        string trimmed;
        try
        {
            trimmed = StrictUtf8.GetString(text).Trim(' ', '\t', '\n', '\r', '\v', '\f');
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        var negative = trimmed.StartsWith('-');
        var body = trimmed.StartsWith('+') || negative ? trimmed[1..] : trimmed;
        if (body.Length == 0 || body[0] == '_' || body[^1] == '_' || body.Contains("__", StringComparison.Ordinal)
            || body.Any(c => c != '_' && !char.IsAsciiDigit(c)))
        {
            return null;
        }
        var digits = body.Replace("_", "", StringComparison.Ordinal);
        if (digits.Length > MaxLengthDigits)
        {
            return null;
        }
        if (negative)
        {
            return digits.All(c => c == '0') ? 0 : null;
        }
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : long.MaxValue;
    }
}
