using SuperNet.Core.Config;
using SuperNet.Core.Os;

namespace SuperNet.Core.Logging;

/// <summary>
/// Makes the child logs of one process object. Called on the supervisor thread when a group is created, so
/// AUTO files exist from then on, even for processes never started (contract trap 32).
/// </summary>
public interface IChildLogFactory
{
    /// <param name="group">The group being made: its name, and the [supervisord] options of the read it came from,
    /// which name and place its AUTO files.</param>
    IProcessLogs Create(GroupConfig group, ProcessConfig process);

    /// <summary>Where the result handler of listener pool <paramref name="pool"/> prints (supervisor_stdout): the daemon's stdout.</summary>
    Action<byte[]> ResultOutput(string pool) => bytes => StdStreams.WriteStdout(bytes);
}

/// <summary>The stdout/stderr logs of one process object; disposed when its group is removed or the supervisor ends.</summary>
public interface IProcessLogs : IReopenable, IDisposable
{
    /// <summary>The real path, or "" when there is none (ProcessInfo's stdout_logfile).</summary>
    string StdoutLogfile { get; }

    /// <summary>The real path, or "" when there is none or stderr is redirected.</summary>
    string StderrLogfile { get; }

    /// <summary>clearProcessLogs: deletes and recreates the current files (backups stay). Throws IOException.</summary>
    void Clear();

    /// <summary>Lines lost because the daemon's stdout/stderr did not keep up; null when no channel is logged there.</summary>
    DropCounter? Drops => null;

    /// <summary>A sink for one pipe of a fresh spawn; channel is "stdout" or "stderr". Runs on the pump thread.</summary>
    IOutputSink OpenSink(string channel, OutputHooks? hooks = null);
}
