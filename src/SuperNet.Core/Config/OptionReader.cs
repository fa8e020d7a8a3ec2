using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Config;

/// <summary>
/// Reads one option the way supervisord does: value or default, then %-expanded with the parser-wide
/// names (the ENV_X set, which grows once [supervisord] environment is read) plus per-call names.
/// </summary>
internal sealed class OptionReader(IniFile ini, ExpansionNames parserNames)
{
    public IniFile Ini => ini;

    /// <summary>The directory of the file a section was read from (an included one's own), else <paramref name="mainDir"/>.</summary>
    public string DirectoryOf(string section, string mainDir, ConfigContext ctx) =>
        ini.SectionFiles.TryGetValue(section, out var file) ? PyPath.AbsPath(PyPath.DirName(file), ctx.CurrentDirectory) : mainDir;

    /// <summary>The ENV_X names shared by every lookup; mutated when [supervisord] environment is applied.</summary>
    public ExpansionNames ParserNames => parserNames;

    public string? Get(string section, string option, string? fallback, ExpansionNames? extra = null, bool expand = true)
    {
        string? value = ini.TryGet(section, option, out var v) ? v : fallback;
        // Without a '%' Python's value % names is the value itself; skipping the copy of every ENV_ name
        // keeps numprocs=100000 from spending its start-up copying dictionaries.
        if (!expand || value is null || !value.Contains('%')) return value;
        var names = new ExpansionNames(parserNames);
        if (extra is not null) names.SetAll(extra);
        return PyFormat.Expand(value, names, section + "." + option);
    }

    public string GetRequired(string section, string option, string fallback, ExpansionNames? extra = null, bool expand = true) =>
        Get(section, option, fallback, extra, expand)!;

    public static ExpansionNames EnvironmentNames(ConfigContext ctx)
    {
        var names = new ExpansionNames();
        foreach (var (k, v) in ctx.Environment) names.Set("ENV_" + k, v);
        foreach (var (k, v) in ctx.EnvironmentMemory?.Snapshot() ?? []) names.Set("ENV_" + k, v);
        return names;
    }

    /// <summary>Reads the file given with -c: "could not find" / "could not read" as supervisord words them.</summary>
    public static string ReadConfigText(string path, ConfigContext ctx)
    {
        string full = PyPath.Resolve(path, ctx.CurrentDirectory);
        if (!PyOs.Exists(full))
            throw new ConfigException($"could not find config file {path}");
        try
        {
            return PyUtf8.Decode(File.ReadAllBytes(full));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"could not read config file {path}");
        }
    }
}
