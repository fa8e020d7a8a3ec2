using System.Collections;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// Daemonizing without fork (unsafe in .NET): the daemon re-executes itself in a new session with
/// fds 0-2 on /dev/null and a marker variable; the caller (the original process) then exits 0.
/// The re-executed daemon sees <see cref="IsDaemonChild"/> and must call <see cref="ClearMarker"/>
/// so its children do not inherit the variable.
/// </summary>
public static class Daemonizer
{
    public const string MarkerVariable = "SUPERNETD_DAEMONIZED";

    public static bool IsDaemonChild => Environment.GetEnvironmentVariable(MarkerVariable) == "1";

    public static void ClearMarker() => Environment.SetEnvironmentVariable(MarkerVariable, null);

    /// <summary>
    /// Starts <paramref name="executable"/> with <paramref name="args"/> (argv[1..]) detached.
    /// Returns the new pid, or the negated errno. <paramref name="argv0"/> is kept as the caller's: init
    /// scripts find the daemon by its command line (Debian's greps for /usr/bin/supervisord, a link to us).
    /// </summary>
    public static int Respawn(string executable, string argv0, IReadOnlyList<string> args)
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

        using var plan = new SpawnPlan(Consts.POSIX_SPAWN_SETSID);
        plan.Open(0, "/dev/null", Consts.O_RDWR);
        plan.Dup2(0, 1);
        plan.Dup2(0, 2);
        plan.CloseFrom(3);
        using var nativeArgv = new NativeStringArray(argv);
        using var nativeEnvironment = new NativeStringArray(environment);
        var errno = plan.Spawn(executable, nativeArgv, nativeEnvironment, out var pid);
        return errno == 0 ? pid : -errno;
    }
}
