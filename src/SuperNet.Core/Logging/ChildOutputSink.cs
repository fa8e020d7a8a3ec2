using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Config;
using SuperNet.Core.Os;

namespace SuperNet.Core.Logging;

/// <summary>
/// One captured channel of one spawn (contract §9.2, §9.4), called on the pump thread: bytes go to the
/// channel's target exactly as read (after strip_ansi), are copied into the main log at debug level, and
/// in capture mode the text between the XSUPERVISOR tokens is diverted into a bounded buffer handed to
/// <c>onCaptured</c> at the END token. Callbacks run on the pump thread; post to the state thread from them.
/// </summary>
public sealed class ChildOutputSink : IOutputSink, IDirectFileOutput
{
    private static readonly byte[] BeginToken = "<!--XSUPERVISOR:BEGIN-->"u8.ToArray();
    private static readonly byte[] EndToken = "<!--XSUPERVISOR:END-->"u8.ToArray();

    private readonly string name;
    private readonly ChildChannel channel;
    private readonly IChildLogTarget? target;
    private readonly IMainLog mainLog;
    private readonly Func<bool> stripAnsi;
    private readonly bool copyToMainLog;
    private readonly CaptureBuffer? capture;
    private readonly Action<byte[]>? onCaptured;
    private readonly Action<byte[]>? onLogged;
    private readonly bool showBytes;
    private byte[] pending = [];
    private bool capturing;
    private bool targetFailed;
    private bool rotationFailed;

    /// <param name="processName">The process name, as shown in main-log lines.</param>
    /// <param name="target">The channel's log (a <see cref="ChildLogWriter"/>), or null for NONE: read and discard.</param>
    /// <param name="stripAnsi">[supervisord] strip_ansi, asked at each chunk: a reread changes it for running processes.</param>
    /// <param name="captureMaxBytes">*_capture_maxbytes; 0 disables capture mode (tokens are then plain text).</param>
    /// <param name="onCaptured">Gets the bytes between BEGIN and END (tokens excluded): PROCESS_COMMUNICATION_*.</param>
    /// <param name="onLogged">Gets every logged chunk, captured text included: PROCESS_LOG_* when events are enabled.</param>
    /// <param name="showBytes">The main-log copy shows a Python bytes literal, as upstream does for a listener's stdout.</param>
    /// <param name="copyToMainLog">Whether output is copied into the main log at debug level; by default when the main log takes debug lines.</param>
    public ChildOutputSink(string processName, ChildChannel channel, IChildLogTarget? target, IMainLog mainLog,
        Func<bool>? stripAnsi = null, long captureMaxBytes = 0, Action<byte[]>? onCaptured = null, Action<byte[]>? onLogged = null,
        bool showBytes = false, bool? copyToMainLog = null)
    {
        this.showBytes = showBytes;
        name = processName;
        this.channel = channel;
        this.target = target;
        this.mainLog = mainLog;
        this.stripAnsi = stripAnsi ?? (static () => false);
        this.copyToMainLog = copyToMainLog ?? mainLog.IsEnabled(LogLevel.Debug);
        capture = captureMaxBytes > 0 ? new CaptureBuffer(captureMaxBytes) : null;
        this.onCaptured = onCaptured;
        this.onLogged = onLogged;
    }

    public IOutputRoom? Room => target?.Room;

    /// <summary>The log file alone, when no capture, event, ANSI stripping or main-log copy needs the bytes.</summary>
    public IDirectFileOutput? DirectFile =>
        target is ChildLogWriter && capture is null && !stripAnsi() && !copyToMainLog && onLogged is null ? this : null;

    // Spliced bytes bypass WriteTarget, yet a success there ends a failure streak all the same: otherwise
    // a second outage (the disk full again) after a recovery through the splice would go unreported.
    long? IDirectFileOutput.Append(Func<SafeFileHandle, long, long> move)
    {
        // strip_ansi turned on by a reread: the bytes must pass through here from now on.
        if (stripAnsi())
            return null;
        long? moved;
        try
        {
            moved = ((ChildLogWriter)target!).Append(move);
            rotationFailed = false;
        }
        catch (LogRotationException e)
        {
            ReportRotationFailure(e);
            moved = e.Appended;
        }
        if (moved > 0)
            targetFailed = false;
        return moved;
    }

    public void OnData(ReadOnlySpan<byte> data)
    {
        if (capture is null)
        {
            Log(data);
            return;
        }
        byte[] buffer = pending.Length == 0 ? data.ToArray() : [.. pending, .. data];
        pending = [];
        Scan(buffer);
    }

    /// <summary>
    /// EOF. Text held back as a possible token prefix is logged now; supervisord waits for more output
    /// that never comes and loses it (trap 33).
    /// </summary>
    public void OnClosed()
    {
        byte[] rest = pending;
        pending = [];
        Log(rest);
        target?.Flush();
    }

    private void Scan(byte[] buffer)
    {
        int start = 0;
        while (true)
        {
            byte[] token = capturing ? EndToken : BeginToken;
            var rest = buffer.AsSpan(start);
            // Like supervisord, wait until more than a token's worth is buffered before deciding.
            if (rest.Length <= token.Length)
            {
                pending = rest.ToArray();
                return;
            }
            int at = rest.IndexOf(token);
            if (at < 0)
            {
                int keep = TokenPrefixAtEnd(rest, token);
                Log(rest[..^keep]);
                pending = rest[^keep..].ToArray();
                return;
            }
            Log(rest[..at]);
            ToggleCapture();
            start += at + token.Length;
            if (start == buffer.Length)
                return;
        }
    }

    private static int TokenPrefixAtEnd(ReadOnlySpan<byte> data, byte[] token)
    {
        int length = token.Length - 1;
        while (length > 0 && !data.EndsWith(token.AsSpan(0, length)))
            length--;
        return length;
    }

    private void ToggleCapture()
    {
        capturing = !capturing;
        if (capturing)
            return;
        onCaptured?.Invoke(capture!.TakeAll());
        if (mainLog.IsEnabled(LogLevel.Debug))
            mainLog.Log(LogLevel.Debug, $"{PythonRepr.Str(name)} {channel.Name()} emitted a comm event");
    }

    private void Log(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
            return;
        byte[]? stripped = stripAnsi() ? AnsiStripper.Strip(data) : null;
        if (stripped is not null)
            data = stripped;
        if (capturing)
            capture!.Write(data);
        else
            WriteTarget(data);
        if (copyToMainLog)
            mainLog.Log(LogLevel.Debug, $"{PythonRepr.Str(name)} {channel.Name()} output:\n{(showBytes ? PythonRepr.Bytes(data) : PythonRepr.Utf8OrUndecodable(data))}");
        onLogged?.Invoke(stripped ?? data.ToArray());
    }

    private void WriteTarget(ReadOnlySpan<byte> data)
    {
        if (target is null)
            return;
        try
        {
            target.Write(data);
            targetFailed = target.Refusing;
            rotationFailed = false;
        }
        catch (LogRotationException e)
        {
            targetFailed = target.Refusing;
            ReportRotationFailure(e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Keep reading (a blocked pipe would stall the child) and say so once per failure streak.
            if (!targetFailed)
                mainLog.Log(LogLevel.Error, $"{PythonRepr.Str(name)} {channel.Name()} log write failed, output dropped: {e.Message}");
            targetFailed = true;
        }
    }

    // The file keeps growing past maxbytes until a rotation succeeds; said once per streak, as write failures are.
    private void ReportRotationFailure(LogRotationException e)
    {
        if (!rotationFailed)
            mainLog.Log(LogLevel.Error, $"{PythonRepr.Str(name)} {channel.Name()} log rotation failed (the output was written): {e.Message}");
        rotationFailed = true;
    }
}
