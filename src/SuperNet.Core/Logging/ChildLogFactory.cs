using SuperNet.Core.Config;
using SuperNet.Core.Os;

namespace SuperNet.Core.Logging;

/// <summary>
/// The engine's view of child logging: at group creation each process gets its AUTO files made and its two
/// channel writers; each spawn gets fresh sinks over those writers.
/// </summary>
public sealed class ChildLogFactory(SupervisordOptions options, IMainLog mainLog, IRandomSource random, SyslogClient? syslog = null) : IChildLogFactory
{
    public IProcessLogs Create(string groupName, ProcessConfig process) =>
        new ProcessLogs(AutoChildLogs.Materialize(process, options, random), options.StripAnsi, mainLog, syslog);

    private sealed class ProcessLogs : IProcessLogs
    {
        private readonly ProcessConfig process;
        private readonly bool stripAnsi;
        private readonly IMainLog mainLog;
        private readonly ChildLogWriter? stdout;
        private readonly ChildLogWriter? stderr;
        private readonly IChildLogTarget? stdoutTarget;
        private readonly IChildLogTarget? stderrTarget;

        public ProcessLogs(ProcessConfig process, bool stripAnsi, IMainLog mainLog, SyslogClient? syslog)
        {
            this.process = process;
            this.stripAnsi = stripAnsi;
            this.mainLog = mainLog;
            stdout = ChildLogWriter.For(process.Stdout);
            stdoutTarget = ChildLogTargets.For(process.Name, process.Stdout, stdout, syslog);
            if (!process.RedirectStderr)
            {
                stderr = ChildLogWriter.For(process.Stderr);
                stderrTarget = ChildLogTargets.For(process.Name, process.Stderr, stderr, syslog);
            }
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
            return new ChildOutputSink(process.Name, isStdout ? ChildChannel.Stdout : ChildChannel.Stderr,
                isStdout ? stdoutTarget : stderrTarget, mainLog, stripAnsi, hooks?.IsProtocol == true ? 0 : options.CaptureMaxBytes,
                hooks?.OnCaptured, hooks?.OnLogged, showBytes: hooks?.IsProtocol == true);
        }

        public void Clear()
        {
            stdout?.Clear();
            stderr?.Clear();
        }

        public void Reopen()
        {
            stdout?.Reopen();
            stderr?.Reopen();
        }

        public void Dispose()
        {
            stdout?.Dispose();
            stderr?.Dispose();
        }
    }
}
