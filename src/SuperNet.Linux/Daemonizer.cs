using System.Collections;
using System.Runtime.InteropServices;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// Daemonizing without fork (unsafe in .NET): the daemon re-executes itself in a new session with fds 0 and 1
/// on /dev/null, fd 2 on a pipe back to the caller, and a marker variable. supervisord binds its sockets before
/// it forks, so a socket already in use, a user it cannot switch to or a main log it cannot open is an error
/// on the caller's terminal with exit 2. The caller therefore waits: the daemon's stderr until it reports it is
/// up (<see cref="ReportStarted"/>) is relayed, and a daemon that exits first gives the caller its status.
/// The re-executed daemon sees <see cref="IsDaemonChild"/> and must call <see cref="ClearMarker"/> so its
/// children do not inherit the variable.
/// </summary>
public static class Daemonizer
{
    public const string MarkerVariable = "SUPERNETD_DAEMONIZED";

    // Ends what the daemon writes on the pipe when it is up; no error text contains a NUL.
    private const byte StartedMarker = 0;

    private static bool reported;

    public static bool IsDaemonChild => Environment.GetEnvironmentVariable(MarkerVariable) == "1";

    public static void ClearMarker() => Environment.SetEnvironmentVariable(MarkerVariable, null);

    /// <summary>
    /// [supervisord] umask, which supervisord sets only as it detaches at its first start (never with -n, nor
    /// again at a restart): the pidfile and every child after it get it, the main log and the sockets do not.
    /// </summary>
    public static void ApplyUmask(int mask) => Libc.Umask((uint)mask);

    /// <summary>
    /// Starts <paramref name="executable"/> with <paramref name="args"/> (argv[1..]) detached and waits until
    /// it is up or has exited. Returns the caller's exit status (0 when the daemon is up, else the daemon's),
    /// or the negated errno when it could not be started; what the daemon wrote on stderr meanwhile goes to
    /// <paramref name="relay"/>. <paramref name="argv0"/> is kept as the caller's: init scripts find the
    /// daemon by its command line (Debian's greps for /usr/bin/supervisord, a link to us).
    /// </summary>
    public static unsafe int Respawn(string executable, string argv0, IReadOnlyList<string> args, Action<byte[]> relay)
    {
        var environment = new List<string>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if ((string)entry.Key != MarkerVariable)
            {
                environment.Add($"{entry.Key}={entry.Value}");
            }
        }
        environment.Add(MarkerVariable + "=1");
        var argv = new List<string>(args.Count + 1) { argv0 };
        argv.AddRange(args);

        int* fds = stackalloc int[2];
        if (Libc.Pipe2(fds, Consts.O_CLOEXEC) != 0)
        {
            return -Marshal.GetLastPInvokeError();
        }
        int errno, pid;
        using (var plan = new SpawnPlan(Consts.POSIX_SPAWN_SETSID))
        {
            plan.Open(0, "/dev/null", Consts.O_RDWR);
            plan.Dup2(0, 1);
            plan.Dup2(fds[1], 2);
            plan.CloseFrom(3);
            using var nativeArgv = new NativeStringArray(argv);
            using var nativeEnvironment = new NativeStringArray(environment);
            errno = plan.Spawn(executable, nativeArgv, nativeEnvironment, out pid);
        }
        Libc.Close(fds[1]);
        var output = ReadToEnd(fds[0]);
        Libc.Close(fds[0]);
        if (errno != 0)
        {
            return -errno;
        }
        if (output.Length > 0 && output[^1] == StartedMarker)
        {
            relay(output[..^1]);
            return 0;
        }
        relay(output);
        return ExitStatus(pid);
    }

    /// <summary>
    /// In the daemon, once its sockets are bound: tells the waiting caller it is up, and points fd 2 at /dev/null
    /// as a detached daemon's. Only the first call acts (a SIGHUP reload binds again).
    /// </summary>
    public static unsafe void ReportStarted()
    {
        if (reported)
        {
            return;
        }
        reported = true;
        byte marker = StartedMarker;
        Libc.Write(2, &marker, 1);
        fixed (byte* path = "/dev/null\0"u8)
        {
            var devNull = Libc.Open(path, Consts.O_RDWR | Consts.O_CLOEXEC);
            if (devNull >= 0)
            {
                Libc.Dup2(devNull, 2);
                Libc.Close(devNull);
            }
        }
    }

    private static unsafe byte[] ReadToEnd(int fd)
    {
        var all = new List<byte>();
        var buffer = new byte[4096];
        fixed (byte* b = buffer)
        {
            while (true)
            {
                var n = Libc.Read(fd, b, buffer.Length);
                if (n > 0)
                {
                    all.AddRange(buffer.AsSpan(0, (int)n));
                }
                else if (n == 0 || Marshal.GetLastPInvokeError() != ErrnoNames.EINTR)
                {
                    return [.. all];
                }
            }
        }
    }

    // The daemon closed its end by exiting: its status is the caller's, as supervisord's foreground error would be.
    private static unsafe int ExitStatus(int pid)
    {
        int status;
        while (Libc.WaitPid(pid, &status, 0) < 0)
        {
            if (Marshal.GetLastPInvokeError() != ErrnoNames.EINTR)
            {
                return 2;
            }
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
    }
}
