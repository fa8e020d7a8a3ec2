using System.Globalization;
using SuperNet.Core.Config;

namespace SuperNet.Linux;

/// <summary>
/// The exec helper's argument protocol. The daemon re-executes itself as
/// <c>supernetd --exec-helper [--user UID GID NAME] [--umask OCTAL] [--chdir DIR] [--keep-fd N] [--daemon-env N] -- PATH ARGV0 [ARG...]</c>;
/// the child's environment travels in the helper's own environment (execve's envp), after the daemon's N runtime
/// settings (<see cref="HelperEnvironment"/>), so nothing needs escaping and none of it shows on a command line.
/// </summary>
internal sealed record ExecHelperCommand(
    string Path, IReadOnlyList<string> Argv, UserSpec? User, int? Umask, string? Directory)
{
    /// <summary>A descriptor above 2 the program inherits (ready=fd:N); every other one is closed at exec.</summary>
    public int? KeptFd { get; init; }

    /// <summary>How many entries at the start of the helper's environment are the daemon's, not the program's.</summary>
    public int DaemonEnvironmentEntries { get; init; }

    public const string Flag = "--exec-helper";

    /// <summary>The helper's full argv, argv[0] included.</summary>
    public List<string> ToArgv(string helperPath)
    {
        var args = new List<string> { helperPath, Flag };
        if (User is { } user)
        {
            args.AddRange(["--user", Invariant(user.Uid), Invariant(user.Gid), user.Name]);
        }
        if (Umask is { } umask)
        {
            args.AddRange(["--umask", Convert.ToString(umask, 8)]);
        }
        if (Directory is { } directory)
        {
            args.AddRange(["--chdir", directory]);
        }
        if (KeptFd is { } kept)
        {
            args.AddRange(["--keep-fd", Invariant(kept)]);
        }
        if (DaemonEnvironmentEntries > 0)
        {
            args.AddRange(["--daemon-env", Invariant(DaemonEnvironmentEntries)]);
        }
        args.Add("--");
        args.Add(Path);
        args.AddRange(Argv);
        return args;
    }

    /// <summary>Parses Main's args (without argv[0]); null when they are not a well-formed helper call.</summary>
    public static ExecHelperCommand? Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] != Flag)
        {
            return null;
        }
        UserSpec? user = null;
        int? umask = null;
        string? directory = null;
        int? kept = null;
        var daemonEntries = 0;
        var i = 1;
        while (i < args.Count && args[i] != "--")
        {
            switch (args[i])
            {
                case "--user" when i + 3 < args.Count:
                    user = new UserSpec(args[i + 3], ParseInt(args[i + 1]), ParseInt(args[i + 2]));
                    i += 4;
                    break;
                case "--umask" when i + 1 < args.Count:
                    umask = Convert.ToInt32(args[i + 1], 8);
                    i += 2;
                    break;
                case "--chdir" when i + 1 < args.Count:
                    directory = args[i + 1];
                    i += 2;
                    break;
                case "--keep-fd" when i + 1 < args.Count:
                    kept = ParseInt(args[i + 1]);
                    i += 2;
                    break;
                case "--daemon-env" when i + 1 < args.Count:
                    daemonEntries = ParseInt(args[i + 1]);
                    i += 2;
                    break;
                default:
                    return null;
            }
        }
        if (i + 2 >= args.Count)
        {
            return null;
        }
        var argv = new List<string>();
        for (var j = i + 2; j < args.Count; j++)
        {
            argv.Add(args[j]);
        }
        return new ExecHelperCommand(args[i + 1], argv, user, umask, directory) { KeptFd = kept, DaemonEnvironmentEntries = daemonEntries };
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int ParseInt(string text) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
