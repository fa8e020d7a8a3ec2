using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Config;
using SuperNet.Core.Os;

namespace SuperNet.Core.Logging;

/// <summary>
/// The engine's view of child logging: at group creation each process gets its AUTO files made and its two
/// channel writers; each spawn gets fresh sinks over those writers.
/// </summary>
/// <param name="options">The live [supervisord] options, read at use (strip_ansi, loglevel), and the AUTO names of a
/// group built by hand. A group from a (re)read gets its AUTO files in that read's childlogdir, named with that
/// read's identifier, as supervisord makes them when the group is added.</param>
/// <param name="daemonOutput">The daemon's own stdout/stderr for channels logged there; null discards such channels.</param>
/// <param name="mayBlock">Whether an open file's writes can wait for a reader (fstat: a FIFO, a socket, a character
/// device but /dev/null): a channel log that opens on such a file is written through a queue of its own
/// (<see cref="QueuedChildLog"/>). Null: every channel log is written directly.</param>
/// <param name="openFifo">Opens a channel log whose path names a FIFO without waiting for a reader, null for any other
/// path (with <paramref name="mayBlock"/> only).</param>
public sealed class ChildLogFactory(LiveSupervisordOptions options, IMainLog mainLog, IRandomSource random, SyslogClient? syslog = null,
    DaemonOutput? daemonOutput = null, Func<SafeFileHandle, bool>? mayBlock = null, Func<string, SafeFileHandle?>? openFifo = null) : IChildLogFactory
{
    public ChildLogFactory(SupervisordOptions options, IMainLog mainLog, IRandomSource random, SyslogClient? syslog = null,
        DaemonOutput? daemonOutput = null, Func<SafeFileHandle, bool>? mayBlock = null, Func<string, SafeFileHandle?>? openFifo = null)
        : this(new LiveSupervisordOptions(options), mainLog, random, syslog, daemonOutput, mayBlock, openFifo)
    {
    }

    // The group's own read, not the live options: a reread finishing between addProcessGroup's lookup and this
    // call would otherwise name one read's group with another read's identifier and childlogdir. supervisord runs
    // each request whole, so the options it names a group's files with always come from the group's read.
    public IProcessLogs Create(GroupConfig group, ProcessConfig process) =>
        new ProcessLogs(AutoChildLogs.Materialize(process, group.Supervisord ?? options.Value, random), options, mainLog, syslog, daemonOutput, mayBlock, openFifo);

    /// <summary>
    /// Through the queue child output shares, so the handler's lines are never cut into a program's, and a stdout
    /// nobody reads never holds up the supervisor thread the handler runs on: what does not fit is dropped and counted.
    /// </summary>
    public Action<byte[]> ResultOutput(string pool)
    {
        if (daemonOutput is null)
            return bytes => StdStreams.WriteStdout(bytes);
        var drops = new DropCounter(pool);
        return bytes => daemonOutput.Stdout.Append(bytes, drops, pausable: false);
    }

    private sealed class ProcessLogs : IProcessLogs
    {
        private readonly ProcessConfig process;
        private readonly LiveSupervisordOptions daemonOptions;
        private readonly IMainLog mainLog;
        private readonly ChildLogWriter? stdout;
        private readonly ChildLogWriter? stderr;
        private readonly IChildLogTarget? stdoutTarget;
        private readonly IChildLogTarget? stderrTarget;
        private readonly Func<IChildLogTarget?>? stdoutPerSpawn;
        private readonly Func<IChildLogTarget?>? stderrPerSpawn;
        private readonly DropCounter drops;
        private readonly TimeProvider time;
        private readonly SyslogClient? syslog;
        // The stream targets of spawns whose pipes are still open (a grandchild may hold one long after its spawn).
        private readonly HashSet<DaemonStreamTarget> streamTargets = [];
        private readonly Lock streamGate = new();
        private bool disposed;

        public ProcessLogs(ProcessConfig process, LiveSupervisordOptions daemonOptions, IMainLog mainLog, SyslogClient? syslog, DaemonOutput? daemonOutput,
            Func<SafeFileHandle, bool>? mayBlock, Func<string, SafeFileHandle?>? openFifo)
        {
            this.process = process;
            this.daemonOptions = daemonOptions;
            this.mainLog = mainLog;
            this.syslog = syslog;
            drops = new DropCounter(process.Name);
            time = daemonOutput?.Time ?? TimeProvider.System;
            var queueing = mayBlock is null ? null : new ChildLogQueueing(mayBlock, drops, mainLog.Log, time, openFifo);
            stdout = ChildLogWriter.For(process.Stdout, queueing);
            stdoutPerSpawn = PerSpawn(ChildChannel.Stdout, process.Stdout, syslog, daemonOutput);
            stdoutTarget = stdoutPerSpawn is null ? ChildLogTargets.For(process.Name, process.Stdout, stdout, syslog) : null;
            if (!process.RedirectStderr)
            {
                stderr = ChildLogWriter.For(process.Stderr, queueing, stdout);
                stderrPerSpawn = PerSpawn(ChildChannel.Stderr, process.Stderr, syslog, daemonOutput);
                stderrTarget = stderrPerSpawn is null ? ChildLogTargets.For(process.Name, process.Stderr, stderr, syslog) : null;
            }
        }

        public DropCounter? Drops =>
            stdoutPerSpawn is not null || stderrPerSpawn is not null || stdout?.EverQueued == true || stderr?.EverQueued == true ? drops : null;

        /// <summary>
        /// A channel logged to a daemon stream gets a target of its own at each spawn: the unfinished line a pipe
        /// holds is that pipe's, and a restarted process's lines must not finish the one its predecessor's pipe,
        /// still held by a grandchild, began.
        /// </summary>
        private Func<IChildLogTarget?>? PerSpawn(ChildChannel channel, ChildLogOptions options, SyslogClient? syslog, DaemonOutput? daemonOutput)
        {
            if (options.Stream == DaemonStream.None || daemonOutput is null)
                return null;
            var format = LineFormat.For(process.Name, channel.Name(), process.ContainerLog, daemonOutput.Colour(options.Stream));
            var writer = daemonOutput.Writer(options.Stream);
            return () =>
            {
                var target = Track(new DaemonStreamTarget(writer, drops, format, daemonOutput.Time, Ended));
                return target is null ? null : ChildLogTargets.For(process.Name, options, null, syslog, target);
            };
        }

        private DaemonStreamTarget? Track(DaemonStreamTarget target)
        {
            lock (streamGate)
            {
                if (disposed)
                    return null;
                streamTargets.Add(target);
            }
            return target;
        }

        /// <summary>
        /// A file that opened on one that may wait for its reader: this spawn's output is cut into whole lines, each
        /// held until finished as on a daemon stream, and queued as written (no prefix), so a line is dropped whole.
        /// </summary>
        private IChildLogTarget? QueuedTarget(ChildChannel channel, ChildLogOptions options, BoundedStreamWriter queue)
        {
            var raw = LineFormat.For(process.Name, channel.Name(), ContainerLogOptions.Default, colour: false);
            var target = Track(new DaemonStreamTarget(queue, drops, raw, time, Ended));
            return target is null ? null : ChildLogTargets.For(process.Name, options, null, syslog, target);
        }

        private void Ended(DaemonStreamTarget target)
        {
            lock (streamGate)
                streamTargets.Remove(target);
        }

        public string StdoutLogfile => stdout?.Path ?? "";

        public string StderrLogfile => stderr?.Path ?? "";

        public IOutputSink OpenSink(string channel, OutputHooks? hooks = null)
        {
            var isStdout = channel == "stdout";
            var writer = isStdout ? stdout : stderr;
            // Explicit paths appear at the first spawn, not at group creation (trap 32).
            writer?.Open();
            var options = isStdout ? process.Stdout : process.Stderr;
            var queued = writer?.Queue is { } queue ? QueuedTarget(isStdout ? ChildChannel.Stdout : ChildChannel.Stderr, options, queue) : null;
            var isProtocol = hooks?.IsProtocol == true;
            // supervisord decides at each spawn, from its live loglevel, whether a channel's output is copied into
            // the main log (still subject to the main log's own level); a listener's protocol stdout is always offered.
            var copyToMainLog = mainLog.IsEnabled(LogLevel.Debug) && (isProtocol || daemonOptions.Value.LogLevel <= LogLevel.Debug);
            return new ChildOutputSink(process.Name, isStdout ? ChildChannel.Stdout : ChildChannel.Stderr,
                queued ?? (isStdout ? stdoutPerSpawn : stderrPerSpawn)?.Invoke() ?? (isStdout ? stdoutTarget : stderrTarget), mainLog, () => daemonOptions.Value.StripAnsi, isProtocol ? 0 : options.CaptureMaxBytes,
                hooks?.OnCaptured, hooks?.OnLogged, showBytes: isProtocol, copyToMainLog: copyToMainLog);
        }

        public void Clear()
        {
            stdout?.Clear();
            stderr?.Clear();
        }

        public void Reopen()
        {
            Reopen(stdout, ChildChannel.Stdout);
            Reopen(stderr, ChildChannel.Stderr);
        }

        // A path that cannot be opened now (its directory removed, a full or read-only disk) is said here; each later
        // write tries the open again, so the output comes back once the path can be opened.
        private void Reopen(ChildLogWriter? writer, ChildChannel channel)
        {
            try
            {
                writer?.Reopen();
            }
            catch (LogOpenException e)
            {
                mainLog.Log(LogLevel.Error, $"{PythonRepr.Str(process.Name)} {channel.Name()} log could not be reopened: {e.Message}");
            }
        }

        public void Dispose()
        {
            DaemonStreamTarget[] live;
            lock (streamGate)
            {
                disposed = true;
                live = [.. streamTargets];
            }
            // Their unfinished lines go into a queued file's queue before it closes.
            foreach (var target in live)
                target.Dispose();
            stdout?.Dispose();
            stderr?.Dispose();
        }
    }
}
