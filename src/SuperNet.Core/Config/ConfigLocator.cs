using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Config;

/// <summary>The default configuration search (contract §4.1), used when -c is not given.</summary>
public static class ConfigLocator
{
    /// <summary>What supervisord warns on stderr when root searches the default locations.</summary>
    public const string RootSearchWarning =
        "Supervisord is running as root and it is searching for its configuration file in default locations " +
        "(including its current working directory); you probably want to specify a \"-c\" argument specifying " +
        "an absolute path to a configuration file for improved security.";

    /// <summary>
    /// The warning as Python's warnings module prints it for supervisord 4.2.5 as the oracle installs it (Debian's
    /// package under Python 3.11): the warning's file and line in options.py, its category, then that source line.
    /// </summary>
    public const string RootSearchWarningText =
        "/usr/lib/python3/dist-packages/supervisor/options.py:474: UserWarning: " + RootSearchWarning + "\n  self.warnings.warn(\n";

    /// <summary>The six candidates; the first two hang off the parent of the executable's directory.</summary>
    public static IReadOnlyList<string> SearchPaths(string executablePath)
    {
        string prefix = PyPath.DirName(PyPath.DirName(executablePath));
        return
        [
            PyPath.Join(PyPath.Join(prefix, "etc"), "supervisord.conf"),
            PyPath.Join(prefix, "supervisord.conf"),
            "supervisord.conf",
            "etc/supervisord.conf",
            "/etc/supervisord.conf",
            "/etc/supervisor/supervisord.conf",
        ];
    }

    /// <summary>The first existing candidate (relative ones against the CWD), as written in the list.</summary>
    public static string? Find(string executablePath, string currentDirectory) =>
        Find(executablePath, path => PyOs.Exists(PyPath.Resolve(path, currentDirectory)));

    internal static string? Find(string executablePath, Func<string, bool> exists) =>
        SearchPaths(executablePath).FirstOrDefault(exists);

    /// <summary>Like <see cref="Find(string, string)"/> but throws supervisord's usage error when nothing exists.</summary>
    public static string FindOrThrow(string executablePath, string currentDirectory) =>
        FindOrThrow(executablePath, path => PyOs.Exists(PyPath.Resolve(path, currentDirectory)));

    internal static string FindOrThrow(string executablePath, Func<string, bool> exists) =>
        Find(executablePath, exists) ?? throw new ConfigException(
            $"No config file found at default paths ({string.Join(", ", SearchPaths(executablePath))}); " +
            "use the -c option to specify a config file at a different path");
}
