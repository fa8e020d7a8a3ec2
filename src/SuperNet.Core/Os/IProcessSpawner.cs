using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Config;

namespace SuperNet.Core.Os;

/// <summary>What the state machine asks the OS layer to start. Everything is already resolved.</summary>
public sealed record SpawnRequest
{
    /// <summary>The process name, used only in the spawnerr text of a failed spawn (Error stays null without it).</summary>
    public string Name { get; init; } = "";
    /// <summary>The resolved executable path (§4.14).</summary>
    public required string Path { get; init; }
    /// <summary>argv; argv[0] is the command's first word as written.</summary>
    public required IReadOnlyList<string> Argv { get; init; }
    /// <summary>The complete child environment as KEY=VALUE strings.</summary>
    public required IReadOnlyList<string> Environment { get; init; }
    public string? Directory { get; init; }
    public int? Umask { get; init; }
    /// <summary>Set when the child must run as another user: spawned through the exec helper.</summary>
    public UserSpec? User { get; init; }
    public bool RedirectStderr { get; init; }
    /// <summary>ready=fd:N: the child gets the write end of one more pipe as fd N; its read end comes back in ChildPipes.Notify.</summary>
    public int? NotifyFd { get; init; }
    /// <summary>What the child gets as fd 0 instead of a pipe: an [fcgi-program:x] group's listening socket.</summary>
    public SafeHandle? Stdin { get; init; }
    /// <summary>
    /// SIGKILL whatever is left in the child's process group when the child exits (an exec probe's background
    /// processes), sent while its zombie still holds the group's id, so the id cannot name a newer group.
    /// </summary>
    public bool KillGroupAtExit { get; init; }
}

/// <summary>The parent's ends of a child's pipes. Stderr is null with redirect_stderr.</summary>
public sealed record ChildPipes(SafeFileHandle Stdin, SafeFileHandle Stdout, SafeFileHandle? Stderr)
{
    /// <summary>The read end of the ready=fd:N pipe (non-blocking, for the pump); null without one.</summary>
    public SafeFileHandle? Notify { get; init; }
}

/// <summary>
/// A spawn result: a pid with its pipes, or an errno from pipe/spawn (contract §3.2 steps 4-5) with
/// Error holding the complete spawnerr text for it (e.g. "too many open files to spawn 'x'") when
/// the request had a Name.
/// </summary>
public readonly record struct SpawnResult(int Pid, ChildPipes? Pipes, int Errno, string? Error)
{
    public bool Succeeded => Pid > 0;
}

/// <summary>
/// Starts children. Called only from the state-machine thread. The implementation registers the pid
/// with the reaper before any exit of that pid can be reported.
/// </summary>
public interface IProcessSpawner
{
    SpawnResult Spawn(SpawnRequest request);
}
