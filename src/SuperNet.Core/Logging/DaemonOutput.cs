using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>
/// The daemon's own stdout and stderr as destinations for child output and the main log's echo: one
/// <see cref="BoundedStreamWriter"/> each, for the daemon's whole life (generations come and go).
/// </summary>
public sealed class DaemonOutput : IDisposable
{
    private Action<LogLevel, string>? reporter;

    /// <param name="colourStdout">fd 1 is a terminal and NO_COLOR is unset: prefixes are coloured there.</param>
    /// <param name="stdoutMayBlock">fd 1 is no regular file (a pipe, socket or terminal): a write there can wait for its reader.</param>
    /// <param name="sameFile">fd 1 and fd 2 are one file (`2&gt;&amp;1`, one terminal): one writer serves both, because two
    /// writer threads' blocking writes into one full pipe or terminal interleave inside their lines.</param>
    public DaemonOutput(Stream stdout, Stream stderr, bool colourStdout, bool colourStderr, TimeProvider time,
        bool stdoutMayBlock = true, bool stderrMayBlock = true, bool sameFile = false)
    {
        StdoutMayBlock = stdoutMayBlock;
        StderrMayBlock = stderrMayBlock;
        Stdout = new BoundedStreamWriter(stdout, "stdout", () => reporter, time, writesWait: stdoutMayBlock);
        Stderr = sameFile ? Stdout : new BoundedStreamWriter(stderr, "stderr", () => reporter, time, writesWait: stderrMayBlock);
        ColourStdout = colourStdout;
        ColourStderr = colourStderr;
        Time = time;
    }

    public BoundedStreamWriter Stdout { get; }
    public BoundedStreamWriter Stderr { get; }
    public bool ColourStdout { get; }
    public bool ColourStderr { get; }
    public TimeProvider Time { get; }
    public bool StdoutMayBlock { get; }
    public bool StderrMayBlock { get; }

    /// <summary>Drop reports go to <paramref name="log"/> until the result is disposed (a generation's main log).</summary>
    public IDisposable ReportTo(IMainLog log)
    {
        reporter = log.Log;
        return new Reporting(this);
    }

    public BoundedStreamWriter Writer(DaemonStream stream) => stream == DaemonStream.Stderr ? Stderr : Stdout;

    public bool Colour(DaemonStream stream) => stream == DaemonStream.Stderr ? ColourStderr : ColourStdout;

    public bool MayBlock(DaemonStream stream) => stream == DaemonStream.Stderr ? StderrMayBlock : StdoutMayBlock;

    /// <summary>Writes out what is queued, giving up on a consumer that has taken nothing for a couple of seconds.</summary>
    public void Dispose()
    {
        Stdout.Dispose();
        if (!ReferenceEquals(Stderr, Stdout))
            Stderr.Dispose();
    }

    private sealed class Reporting(DaemonOutput output) : IDisposable
    {
        public void Dispose() => output.reporter = null;
    }
}
