using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Config;

/// <summary>[include] processing (contract §4.13): one level, globs relative to the main file's directory.</summary>
internal static class IncludeReader
{
    private const string Section = "include";

    public static void Apply(IniFile ini, string configFile, string here, ExpansionNames envNames, ConfigContext ctx,
        List<string> warnings, List<string> infos)
    {
        if (!ini.HasSection(Section)) return;
        ini.ExpandHere(here);
        if (!ini.TryGet(Section, "files", out var files))
            throw new ConfigException(".ini file has [include] section, but no files setting");

        var names = new ExpansionNames().Set("here", here).Set("host_node_name", ctx.HostName).SetAll(envNames);
        files = PyFormat.Expand(files, names, "include.files");
        string baseDir = PyPath.DirName(PyPath.AbsPath(configFile, ctx.CurrentDirectory));
        foreach (var relative in files.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            string pattern = PyPath.Join(baseDir, relative);
            var matches = PyGlob.Glob(pattern);
            if (matches.Count == 0)
            {
                warnings.Add($"No file matches via include \"{pattern}\"");
                continue;
            }
            matches.Sort(StringComparer.Ordinal);
            foreach (var file in matches)
            {
                infos.Add($"Included extra file \"{file}\" during parsing");
                string text;
                try
                {
                    text = PyUtf8.Decode(File.ReadAllBytes(file));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Unreadable matches (directories included) are skipped silently, as upstream does.
                    continue;
                }
                ini.Read(text, file, trackSectionsAs: file);
                ini.ExpandHere(PyPath.AbsPath(PyPath.DirName(file), ctx.CurrentDirectory));
            }
        }
    }
}
