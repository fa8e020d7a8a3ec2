using SuperNet.Core.Logging;
using SuperNet.Core.Os;

namespace SuperNet.Core.Processes;

public enum CommandProblem
{
    None,
    /// <summary>startProcess reports it as NO_FILE.</summary>
    NotFound,
    /// <summary>Directory, no x bit, no permission, unparsable or empty: NOT_EXECUTABLE.</summary>
    NotExecutable,
}

/// <summary>The outcome of resolving a command; Error is the spawnerr text when Problem is not None.</summary>
public sealed record CommandResolution(string Path, IReadOnlyList<string> Argv, CommandProblem Problem, string Error)
{
    public bool Succeeded => Problem == CommandProblem.None;
}

/// <summary>Splits a command and finds its executable, at every spawn and in startProcess's pre-check (§4.14).</summary>
public sealed class CommandResolver(ICommandSplitter splitter, IExecutableProbe probe)
{
    private static readonly string[] DefaultPath = ["/bin", "/usr/bin", "/usr/local/bin"];

    /// <param name="programPath">PATH from the merged [supervisord]+program environment; null when neither defines it.</param>
    /// <param name="daemonPath">supervisord's own PATH; null when unset.</param>
    public CommandResolution Resolve(string command, string? programPath, string? daemonPath)
    {
        if (!splitter.TrySplit(command, out var argv, out var reason))
        {
            return Fail(argv, CommandProblem.NotExecutable, $"can't parse command {PythonRepr.Str(command)}: {reason}");
        }
        if (argv.Count == 0)
        {
            return Fail(argv, CommandProblem.NotExecutable, "command is empty");
        }
        var program = argv[0];
        var path = program.Contains('/') ? (Exists(program) ? program : null) : Search(program, programPath, daemonPath);
        var shown = path ?? program;
        if (path is null)
        {
            return Fail(argv, CommandProblem.NotFound, $"can't find command {PythonRepr.Str(shown)}");
        }
        if (Directory.Exists(path))
        {
            return Fail(argv, CommandProblem.NotExecutable, $"command at {PythonRepr.Str(path)} is a directory");
        }
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & anyExecute) == 0)
        {
            return Fail(argv, CommandProblem.NotExecutable, $"command at {PythonRepr.Str(path)} is not executable");
        }
        if (!probe.CanExecute(path))
        {
            return Fail(argv, CommandProblem.NotExecutable, $"no permission to run command {PythonRepr.Str(path)}");
        }
        return new CommandResolution(path, argv, CommandProblem.None, "");
    }

    private static CommandResolution Fail(IReadOnlyList<string> argv, CommandProblem problem, string error) =>
        new("", argv, problem, error);

    // The first directory where the name exists wins, even when it is not executable there (as upstream).
    private static string? Search(string program, string? programPath, string? daemonPath)
    {
        var dirs = programPath is not null ? programPath.Split(':')
            : !string.IsNullOrEmpty(daemonPath) ? daemonPath.Split(':')
            : DefaultPath;
        foreach (var dir in dirs)
        {
            var candidate = dir.Length == 0 ? program : dir.EndsWith('/') ? dir + program : dir + "/" + program;
            if (Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>
    /// os.stat's answer: the link's target must exist. File.Exists also counts a dangling (or looping) symlink,
    /// whose mode then cannot be read: the spawn threw out of the supervisor loop and stayed STARTING for good.
    /// </summary>
    private static bool Exists(string path)
    {
        if (Directory.Exists(path))
        {
            return true;
        }
        if (!File.Exists(path))
        {
            return false;
        }
        if (OperatingSystem.IsWindows())
        {
            return true;
        }
        try
        {
            File.GetUnixFileMode(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
