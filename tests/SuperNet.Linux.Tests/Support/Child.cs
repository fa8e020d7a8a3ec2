using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Os;

namespace SuperNet.Linux.Tests.Support;

/// <summary>A spawned child with its captured output.</summary>
internal sealed record Child(int Pid, SafeFileHandle Stdin, CaptureSink Stdout, CaptureSink? Stderr)
{
    public Task<WaitStatus> Exit => TestPlatform.ExitOf(Pid);

    public int Signal(int signal, bool group = false) => TestPlatform.Platform.Signaller.Signal(Pid, signal, group);

    public string Status => File.ReadAllText($"/proc/{Pid}/status");

    /// <summary>A /proc/PID/status field, e.g. "SigBlk".</summary>
    public string StatusField(string name) =>
        Status.Split('\n').First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();
}
