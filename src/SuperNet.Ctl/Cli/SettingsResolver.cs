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
                section = ConfigLoader.LoadSupervisorctl(configFile, ClientContext());
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

    /// <summary>
    /// What [supervisorctl] reads of the process: ENV_ names, the working directory and, for "~", HOME or the user
    /// database. The daemon's <see cref="ConfigContext.FromSystem"/> also keeps the environment in envp order from
    /// /proc (children inherit it); names looked up one by one need no order, and the read is a measurable share of
    /// a one-shot command (docs/performance.md, "Client CPU").
    /// </summary>
    private static ConfigContext ClientContext()
    {
        var environment = new List<KeyValuePair<string, string>>();
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment.Add(new((string)entry.Key, (string?)entry.Value ?? ""));
        }

        return new ConfigContext
        {
            Environment = environment,
            CurrentDirectory = Directory.GetCurrentDirectory(),
            Users = new EtcUserDatabase(),
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
