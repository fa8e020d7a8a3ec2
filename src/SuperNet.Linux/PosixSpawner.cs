using SuperNet.Core.Os;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// Starts children with posix_spawn: own process group, empty signal mask, default dispositions,
/// pipes on 0/1/2 (or the request's socket on 0) and nothing else open. <c>user=</c>/<c>umask=</c> go through the exec helper.
/// A child-side failure (bad directory, exec error) is reported the way supervisord's forked child
/// reports it: a real pid that prints the reason on its stderr and exits 127.
/// </summary>
public sealed class PosixSpawner : IProcessSpawner
{
    private readonly PidRegistry _registry;
    private readonly string _helperPath;
    private readonly int _pipeSize;

    internal PosixSpawner(PidRegistry registry, string helperPath, int pipeSize)
    {
        _registry = registry;
        _helperPath = helperPath;
        _pipeSize = pipeSize;
    }

    public SpawnResult Spawn(SpawnRequest request)
    {
        var errno = PipeSet.TryCreate(request.RedirectStderr, _pipeSize, out var pipes, request.NotifyFd);
        if (errno != 0)
        {
            return Failed(request, errno, errno == ErrnoNames.EMFILE
                ? $"too many open files to spawn '{request.Name}'"
                : $"unknown error making dispatchers for '{request.Name}': {ErrnoNames.Name(errno)}");
        }
        int pid;
        try
        {
            errno = SpawnRegistered(request, pipes!, out pid);
        }
        catch
        {
            pipes!.CloseAll();
            throw;
        }
        if (errno != 0)
        {
            pipes!.CloseAll();
            return Failed(request, errno, errno == ErrnoNames.EAGAIN
                ? $"Too many processes in process table to spawn '{request.Name}'"
                : $"unknown error during fork for '{request.Name}': {ErrnoNames.Name(errno)}");
        }
        return new SpawnResult(pid, pipes!.TakeParentEnds(), 0, null);
    }

    /// <summary>Without a name the text would say '', so the caller formats it from the errno.</summary>
    private static SpawnResult Failed(SpawnRequest request, int errno, string text) =>
        new(0, null, errno, request.Name.Length > 0 ? text : null);

    private int SpawnRegistered(SpawnRequest request, PipeSet pipes, out int pid)
    {
        var viaHelper = NeedsHelper(request);
        // Built before the lock, which every spawn and kill shares.
        using var environment = new NativeStringArray(viaHelper ? HelperEnvironment.Encode(request.Environment) : request.Environment);
        lock (_registry.Gate)
        {
            var errno = viaHelper
                ? SpawnHelper(request, pipes, environment, out pid)
                : SpawnDirect(request, pipes, environment, out pid);
            if (errno != 0 && !viaHelper && IsChildSideFailure(errno))
            {
                // posix_spawn reports chdir/exec errors synchronously; supervisord's child prints them
                // and exits 127. The helper repeats the failing step in a real child to do the same.
                using var helperEnvironment = new NativeStringArray(HelperEnvironment.Encode(request.Environment));
                errno = SpawnHelper(request, pipes, helperEnvironment, out pid);
            }
            if (errno == 0)
            {
                _registry.AddLocked(pid, request.KillGroupAtExit);
            }
            return errno;
        }
    }

    private static bool NeedsHelper(SpawnRequest request) =>
        request.Umask is not null || (request.User is { } user && (uint)user.Uid != Libc.GetUid());

    /// <summary>Resource shortages are the parent's fork failure; anything else came from chdir or execve.</summary>
    private static bool IsChildSideFailure(int errno) => errno is not (ErrnoNames.EAGAIN or ErrnoNames.ENOMEM);

    private static int SpawnDirect(SpawnRequest request, PipeSet pipes, NativeStringArray environment, out int pid)
    {
        using var plan = ChildPlan(pipes, request);
        if (request.Directory is { } directory)
        {
            plan.Chdir(directory);
        }
        CloseInherited(plan, pipes, request);
        using var argv = new NativeStringArray(request.Argv.Count > 0 ? request.Argv : [request.Path]);
        return plan.Spawn(request.Path, argv, environment, out pid);
    }

    /// <param name="environment">The program's, as <see cref="HelperEnvironment.Encode"/> made it for the helper.</param>
    private int SpawnHelper(SpawnRequest request, PipeSet pipes, NativeStringArray environment, out int pid)
    {
        var user = request.User is { } u && (uint)u.Uid != Libc.GetUid() ? u : null;
        var command = new ExecHelperCommand(request.Path, request.Argv, user, request.Umask, request.Directory)
        {
            KeptFd = request.NotifyFd,
            DaemonEnvironmentEntries = HelperEnvironment.DaemonRuntimeSettings.Count,
        };
        using var plan = ChildPlan(pipes, request);
        CloseInherited(plan, pipes, request);
        using var argv = new NativeStringArray(command.ToArgv(_helperPath));
        return plan.Spawn(_helperPath, argv, environment, out pid);
    }

    /// <summary>
    /// Nothing but 0/1/2 (and a readiness fd:N) may reach the program. Marking every descriptor from 3 up
    /// close-on-exec in the daemon (one bitmap update, no descriptor touched) lets the child's execve close
    /// them after it has released this thread, where a close_range(3) in the child makes this thread wait
    /// until the child has closed all of the daemon's 5N descriptors (most of the child's time before its
    /// exec at 1000 programs). Every descriptor the daemon creates is close-on-exec already; this call also
    /// covers the few it inherited. The dup2s onto 0/1/2 and fd:N clear the flag on their targets.
    /// </summary>
    private static void CloseInherited(SpawnPlan plan, PipeSet pipes, SpawnRequest request)
    {
        var marked = Libc.CloseRange(3, uint.MaxValue, Consts.CLOSE_RANGE_CLOEXEC) == 0;
        if (request.NotifyFd is { } kept)
        {
            if (marked)
            {
                plan.Dup2(pipes.ChildNotify, kept);
                return;
            }
            plan.CloseFromKeeping(pipes.ChildNotify, kept);
            return;
        }
        if (!marked)
        {
            // Before Linux 5.11 (no CLOSE_RANGE_CLOEXEC): the child closes them itself.
            plan.CloseFrom(3);
        }
    }

    private static SpawnPlan ChildPlan(PipeSet pipes, SpawnRequest request)
    {
        var plan = new SpawnPlan(Consts.POSIX_SPAWN_SETPGROUP);
        // The caller holds the shared socket until the child is reaped, so the fd stays valid through the spawn.
        plan.Dup2(request.Stdin is { } socket ? (int)socket.DangerousGetHandle() : pipes.ChildStdin, 0);
        plan.Dup2(pipes.ChildStdout, 1);
        plan.Dup2(pipes.ChildStderr, 2);
        return plan;
    }
}
