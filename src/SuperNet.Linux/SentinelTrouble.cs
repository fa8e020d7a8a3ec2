using SuperNet.Core.Os;

namespace SuperNet.Linux;

/// <summary>
/// Why the reaper has no sentinel (ADR 0009): its spawn failed with <see cref="Errno"/> (EAGAIN under a pids limit,
/// ENOENT with no /dev/null), or it was spawned and exited with <see cref="Exit"/> before it could wait (its runtime
/// could not start, e.g. a pids limit that leaves it a process but no thread: exit status 255).
/// </summary>
/// <param name="File">For a spawn that failed on a missing or unreadable file: which one, /dev/null or the binary.
/// posix_spawn gives ENOENT alike for both, and a bare ENOENT next to "supernetd" reads as a missing binary.</param>
public readonly record struct SentinelTrouble(int Errno, WaitStatus? Exit, string? File = null);
