using Serilog;
using Serilog.Core;
using Serilog.Events;
using SuperNet.Core.Config;
using SuperNet.Core.Os;

namespace SuperNet.Core.Logging;

/// <summary>
/// supervisord's main log (contract §9.1, §5.2 step 5), backed by Serilog with a sink of our own.
/// Thread-safe: the state thread and the output pump thread both log.
/// </summary>
public sealed class MainLog : IMainLog, IReopenable, IDisposable
{
    private static readonly LogLevel[] ConfigMessageOrder = [LogLevel.Critical, LogLevel.Warn, LogLevel.Info];

    private readonly LogLevel threshold;
    private readonly TimeProvider time;
    private readonly MainLogSink sink;
    private readonly Logger logger;
    private readonly FileDestination? file;

    private MainLog(LogLevel threshold, TimeProvider time, MainLogSink sink, FileDestination? file)
    {
        this.threshold = threshold;
        this.time = time;
        this.sink = sink;
        this.file = file;
        logger = new LoggerConfiguration()
            .MinimumLevel.Is(LevelCodes.ToSerilog(threshold))
            .WriteTo.Sink(sink)
            .CreateLogger();
    }

    /// <summary>
    /// Opens <c>logfile</c> (append mode, rotating when maxbytes &gt; 0; <c>syslog</c> sends to syslog) and,
    /// with nodaemon and not silent, echoes every line to stdout.
    /// Throws IOException / UnauthorizedAccessException when the file cannot be opened.
    /// </summary>
    /// <param name="daemonOutput">When given, the echo is queued on its stdout with child output instead of written to <paramref name="stdout"/>,
    /// and a logfile that is the daemon's stdout or stderr is queued there too when it may block (a pipe nobody reads).</param>
    /// <param name="stderr">Where lines the file still refuses when the log closes are counted (default: fd 2).</param>
    /// <param name="mayBlock">Whether an open file's writes can wait for a reader (fstat: a FIFO, socket or character
    /// device but /dev/null); a logfile that opens on such a file, whatever its path, is written through a queue of its
    /// own (<see cref="QueuedFileDestination"/>). Null: every other logfile is written directly.</param>
    /// <param name="opensOwnFd">Whether a path opens the same pipe, socket or character device as the daemon's fd N:
    /// such a logfile (another process's /proc/PID/fd/1) is the daemon's stream too (<see cref="DaemonStreamPaths.Of"/>).</param>
    /// <param name="openFifo">Opens a logfile that names a FIFO without waiting for a reader (see <see cref="RotatingLogFile"/>):
    /// .NET's write-only open waits for one, before the daemon serves anything (supervisord 4.2.5 waits so too). A FIFO
    /// it may only write, with no reader yet, stays closed: lines are held, then dropped and counted, until one comes.</param>
    public static MainLog Open(SupervisordOptions options, TimeProvider? time = null, TextWriter? stdout = null, DaemonOutput? daemonOutput = null,
        TextWriter? stderr = null, Func<Microsoft.Win32.SafeHandles.SafeFileHandle, bool>? mayBlock = null, Func<string, int, bool>? opensOwnFd = null,
        Func<string, Microsoft.Win32.SafeHandles.SafeFileHandle?>? openFifo = null)
    {
        time ??= TimeProvider.System;
        var destinations = new List<IMainLogDestination>();
        FileDestination? file = null;
        DaemonStreamFileDestination? streamFile = null;
        QueuedFileDestination? queued = null;
        var echo = options.Nodaemon && !options.Silent;
        if (options.Logfile == "syslog")
        {
            destinations.Add(new SyslogDestination(new SyslogClient(time)));
        }
        else
        {
            var rotating = new RotatingLogFile(options.Logfile, options.LogfileMaxBytes, options.LogfileBackups, openFifo);
            var noReader = false;
            try
            {
                rotating.Open();
            }
            catch (FifoWithoutReaderException)
            {
                // Each line tries the open again (it never waits); the file holds what it cannot write meanwhile.
                noReader = true;
            }
            file = new FileDestination(rotating, stderr ?? StdStreams.Stderr);
            var stream = DaemonStreamFileDestination.StreamNamed(options.Logfile, opensOwnFd);
            var echoed = echo && stream == DaemonStream.Stdout;
            if (daemonOutput is not null && stream != DaemonStream.None && (echoed || daemonOutput.MayBlock(stream)))
                streamFile = new DaemonStreamFileDestination(file, daemonOutput.Writer(stream), echoed);
            else if (stream == DaemonStream.None && mayBlock is not null)
                queued = noReader ? QueuedFileDestination.AwaitingReader(file, mayBlock, time) : QueuedFileDestination.IfItMayBlock(file, mayBlock, time);
            destinations.Add((IMainLogDestination?)streamFile ?? (IMainLogDestination?)queued ?? file);
        }
        // supervisord attaches the stdout handler before the file one; lines reach them in that order.
        if (echo)
            destinations.Insert(0, daemonOutput is null ? new EchoDestination(stdout ?? StdStreams.Stdout) : new StreamEchoDestination(daemonOutput.Stdout, streamFile));
        var log = new MainLog(options.LogLevel, time, new MainLogSink(destinations), file);
        queued?.ReportTo(log);
        return log;
    }

    /// <summary>The log file path; null with <c>logfile=syslog</c>.</summary>
    public string? Path => file?.File.Path;

    public bool IsEnabled(LogLevel level) => level >= threshold;

    public void Log(LogLevel level, string message)
    {
        if (!IsEnabled(level))
            return;
        // A single text token: the message is never parsed as a Serilog template, so braces stay literal.
        var template = new MessageTemplate([new Serilog.Parsing.TextToken(message)]);
        logger.Write(new LogEvent(time.GetLocalNow(), LevelCodes.ToSerilog(level), null, template,
            [new LogEventProperty(MainLogSink.LevelProperty, new ScalarValue(level))]));
    }

    /// <summary>Parse-time messages once the log exists: all CRIT, then WARN, then INFO (others after, in order).</summary>
    public void LogConfigMessages(IEnumerable<ConfigMessage> messages)
    {
        var list = messages.ToList();
        foreach (var level in ConfigMessageOrder)
            foreach (var m in list.Where(m => m.Level == level))
                Log(m.Level, m.Text);
        foreach (var m in list.Where(m => !ConfigMessageOrder.Contains(m.Level)))
            Log(m.Level, m.Text);
    }

    /// <summary>
    /// Closes and reopens every destination (SIGUSR2). Logs nothing itself: the caller writes the
    /// <c>received SIGUSR2 …</c> and <c>supervisord logreopen</c> lines (§5.3) before calling.
    /// </summary>
    public void Reopen()
    {
        lock (sink.Gate)
        {
            foreach (var destination in sink.Destinations)
                destination.Reopen();
        }
    }

    /// <summary>
    /// clearLog: deletes the file (backups stay), then per destination logs INFO <c>reopening log file</c>
    /// and reopens it, as supervisord does, so the new file starts empty.
    /// </summary>
    /// <param name="configured">The logfile as last re-read, which supervisord deletes although the log reopens its own.</param>
    public LogClearResult Clear(string? configured = null)
    {
        if ((configured ?? Path) is not { } path || !LogFileReader.Exists(path))
            return LogClearResult.NoFile;
        // Readers on the control server's thread (readLog, /mainlogtail) that find no file wait out the path's
        // rotation lock, so the delete and the reopen hold it. The sink's gate is taken first, the order a write
        // that rotates takes them in; Log below enters the gate again on this thread.
        lock (sink.Gate)
        lock (LogRotationGate.For(path))
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return LogClearResult.Failed;
            }
            foreach (var destination in sink.Destinations)
            {
                Log(LogLevel.Info, "reopening log file");
                destination.Reopen();
            }
        }
        return LogClearResult.Cleared;
    }

    /// <summary>readLog; throws <see cref="LogReadException"/> (NoFile also with <c>logfile=syslog</c>).</summary>
    public byte[] Read(long offset, long length)
    {
        if (Path is not { } path)
            throw new LogReadException(LogReadError.NoFile, "syslog");
        lock (sink.Gate)
            return LogFileReader.Read(path, offset, length);
    }

    public void Dispose() => logger.Dispose();
}
