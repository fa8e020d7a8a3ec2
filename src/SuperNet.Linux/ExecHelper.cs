using System.Runtime.InteropServices;
using System.Text;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// The child side of <c>user=</c> and <c>umask=</c> (posix_spawn can do neither): the daemon's own
/// binary, re-executed with <c>--exec-helper</c>, changes identity, directory and umask, restores
/// default signal handling and execs the program with the program's environment (<see cref="HelperEnvironment"/>). Failures print supervisord's child-side texts on
/// fd 2 and exit 127, exactly like a failed supervisord child.
/// </summary>
public static unsafe class ExecHelper
{
    public const int FailureExitCode = 127;

    /// <summary>
    /// Call first in Main. Returns false (and does nothing) unless args start with
    /// <c>--exec-helper</c>; otherwise it only returns when the exec failed.
    /// </summary>
    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (args.Length == 0 || args[0] != ExecHelperCommand.Flag)
        {
            return false;
        }
        ExecHelperCommand? command;
        try
        {
            command = ExecHelperCommand.Parse(args);
        }
        catch (FormatException)
        {
            command = null;
        }
        exitCode = command is null ? Fail("exec helper: malformed arguments") : Run(command);
        return true;
    }

    private static int Run(ExecHelperCommand command)
    {
        if (command.User is { } user && !Privileges.Drop(user, out var reason))
        {
            return reason is null ? Fail(null) : Fail($"couldn't setuid to {user.Uid}: {reason}");
        }
        if (command.Directory is { } directory)
        {
            fixed (byte* directoryPath = Utf8Z.Of(directory))
            {
                if (Libc.Chdir(directoryPath) != 0)
                {
                    return Fail($"couldn't chdir to {directory}: {ErrnoNames.Name(Marshal.GetLastPInvokeError())}");
                }
            }
        }
        if (command.Umask is { } umask)
        {
            Libc.Umask((uint)umask);
        }
        MarkDescriptorsCloseOnExec();
        if (command.KeptFd is { } kept)
        {
            Libc.Fcntl(kept, Consts.F_SETFD, 0);
        }

        var argv0 = command.Argv.Count > 0 ? command.Argv[0] : command.Path;
        using var path = new NativeStringArray([command.Path]);
        using var argv = new NativeStringArray(command.Argv.Count > 0 ? command.Argv : [command.Path]);
        var environment = HelperEnvironment.Decode(command.DaemonEnvironmentEntries);
        if (environment is null)
        {
            return Fail("exec helper: its environment could not be found");
        }
        // Prepared before the signal reset: nothing may allocate while the runtime's handlers are gone.
        const int Highest = 64;
        var saved = stackalloc byte[Consts.SigActionSize * Highest];
        var savedMask = stackalloc byte[Consts.SigSetSize];
        var defaultAction = stackalloc byte[Consts.SigActionSize];
        var emptySet = stackalloc byte[Consts.SigSetSize];
        new Span<byte>(defaultAction, Consts.SigActionSize).Clear();
        Libc.SigEmptySet(emptySet);
        for (var signal = 1; signal <= Highest; signal++)
        {
            // SIGKILL/SIGSTOP cannot be changed; 32/33 belong to glibc and are refused anyway.
            if (signal is not (9 or 19 or 32 or 33))
            {
                Libc.SigAction(signal, defaultAction, saved + (signal - 1) * Consts.SigActionSize);
            }
        }
        Libc.SigProcMask(Consts.SIG_SETMASK, emptySet, savedMask);
        Libc.Execve(path.First, argv.Pointer, environment);
        var errno = Marshal.GetLastPInvokeError();
        NativeMemory.Free(environment);

        // Back to the runtime's handlers before any managed work (GC suspension relies on them).
        for (var signal = 1; signal <= Highest; signal++)
        {
            if (signal is not (9 or 19 or 32 or 33))
            {
                Libc.SigAction(signal, saved + (signal - 1) * Consts.SigActionSize, null);
            }
        }
        Libc.SigProcMask(Consts.SIG_SETMASK, savedMask, null);
        return Fail($"couldn't exec {argv0}: {ErrnoNames.Name(errno)}");
    }

    /// <summary>The runtime's own descriptors must not reach the program.</summary>
    private static void MarkDescriptorsCloseOnExec()
    {
        if (Libc.CloseRange(3, uint.MaxValue, Consts.CLOSE_RANGE_CLOEXEC) == 0)
        {
            return;
        }
        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), out var fd) && fd >= 3)
            {
                Libc.Fcntl(fd, Consts.F_SETFD, Consts.FD_CLOEXEC);
            }
        }
    }

    private static int Fail(string? message)
    {
        var text = (message is null ? "" : "supervisor: " + message + "\n") + "supervisor: child process was not spawned\n";
        FdStream.WriteAll(2, Encoding.UTF8.GetBytes(text));
        return FailureExitCode;
    }
}
