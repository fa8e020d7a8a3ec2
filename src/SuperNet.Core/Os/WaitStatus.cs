namespace SuperNet.Core.Os;

/// <summary>A raw waitpid status, decoded as supervisord reports it.</summary>
public readonly record struct WaitStatus(int Raw)
{
    public bool Exited => (Raw & 0x7f) == 0;
    public bool Signaled => ((Raw & 0x7f) + 1) >> 1 > 0 && !Exited && (Raw & 0xff) != 0x7f;
    public int ExitCode => (Raw >> 8) & 0xff;
    public int TermSignal => Raw & 0x7f;
    public bool CoreDumped => (Raw & 0x80) != 0;

    /// <summary>supervisord's exitstatus: the exit code, or -1 for a signal death.</summary>
    public int ExitStatus => Exited ? ExitCode : -1;

    public static WaitStatus FromExitCode(int code) => new((code & 0xff) << 8);
    public static WaitStatus FromSignal(int signal, bool core = false) => new((signal & 0x7f) | (core ? 0x80 : 0));

    /// <summary>The "&lt;how&gt;" text of exited/stopped/reaped log lines (contract §3.6).</summary>
    public string Describe()
    {
        if (Exited)
        {
            return $"exit status {ExitCode}";
        }
        if (Signaled)
        {
            var text = $"terminated by {Signals.Name(TermSignal)}";
            return CoreDumped ? text + " (core dumped)" : text;
        }
        return $"unknown termination cause 0x{Raw:x4}";
    }
}
