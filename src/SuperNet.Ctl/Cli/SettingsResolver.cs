using SuperNet.Core.Config;

namespace SuperNet.Ctl.Cli;

/// <summary>
/// Merges the command line over [supervisorctl] over the built-in defaults. The config file is `-c`
/// or the first existing file of supervisorctl's search list (contract §4.1); none found means defaults.
/// </summary>
internal static class SettingsResolver
{
    public static ClientSettings Resolve(CommandLine line, string programPath)
    {
        var configFile = line.ConfigFile ?? Search(programPath);
        SupervisorctlOptions? section = null;
        if (configFile is not null)
        {
            try
            {
                section = ConfigLoader.LoadSupervisorctl(configFile);
            }
            catch (ConfigException e) when (!e.IsSyntaxError)
            {
                throw new UsageException(e.Message);
            }
        }

        return new ClientSettings
        {
            ServerUrl = line.ServerUrl ?? section?.ServerUrl ?? "http://localhost:9001",
            Username = line.Username ?? section?.Username,
            Password = line.Password ?? section?.Password,
            Prompt = section?.Prompt ?? "supervisor",
            HistoryFile = line.HistoryFile ?? section?.HistoryFile,
            Interactive = line.Interactive || line.Action.Count == 0,
            Json = line.Json,
            ProgramPath = programPath,
        };
    }

    /// <summary>The search list, relative to the directory above the one holding the program.</summary>
    public static IReadOnlyList<string> SearchPaths(string programPath)
    {
        var here = Path.GetDirectoryName(Path.GetDirectoryName(programPath)) ?? "";
        return
        [
            Path.Join(here, "etc", "supervisord.conf"),
            Path.Join(here, "supervisord.conf"),
            "supervisord.conf",
            "etc/supervisord.conf",
            "/etc/supervisord.conf",
            "/etc/supervisor/supervisord.conf",
        ];
    }

    private static string? Search(string programPath)
    {
        foreach (var path in SearchPaths(programPath))
        {
            if (File.Exists(path) || Directory.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
