using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Config;

/// <summary>[supervisorctl] as supervisorctl reads it (contract §4.7).</summary>
internal static class SupervisorctlLoader
{
    private const string Section = "supervisorctl";

    public static SupervisorctlOptions Load(string path, ConfigContext ctx)
    {
        string here = PyPath.DirName(PyPath.Normalize(path, ctx));
        var ini = IniFile.Parse(OptionReader.ReadConfigText(path, ctx), path);
        if (!ini.HasSection(Section))
            throw new ConfigException(".ini file does not include supervisorctl section");
        return FromIni(ini, here, ctx);
    }

    private static SupervisorctlOptions FromIni(IniFile ini, string here, ConfigContext ctx)
    {
        var reader = new OptionReader(ini, OptionReader.EnvironmentNames(ctx));
        var hereNames = new ExpansionNames().Set("here", here);

        string serverUrl = reader.GetRequired(Section, "serverurl", "http://localhost:9001", hereNames);
        if (serverUrl.StartsWith("unix://", StringComparison.Ordinal))
            serverUrl = "unix://" + PyPath.Normalize(serverUrl[7..], ctx);

        string? history = reader.Get(Section, "history_file", null, hereNames);
        return new SupervisorctlOptions
        {
            ServerUrl = serverUrl,
            Prompt = reader.GetRequired(Section, "prompt", "supervisor"),
            Username = reader.Get(Section, "username", null),
            Password = reader.Get(Section, "password", null),
            HistoryFile = string.IsNullOrEmpty(history) ? null : PyPath.Normalize(history, ctx),
        };
    }
}
