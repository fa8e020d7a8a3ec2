namespace SuperNet.Core.Config.Python;

/// <summary>Python's glob.glob (non-recursive) on absolute patterns: [include] files (contract §4.13).</summary>
internal static class PyGlob
{
    public static List<string> Glob(string pattern)
    {
        var results = new List<string>();
        Expand(pattern, results);
        return results;
    }

    private static bool HasMagic(string s) => s.IndexOfAny(['*', '?', '[']) >= 0;

    private static void Expand(string pattern, List<string> results, bool dirsOnly = false)
    {
        int slash = pattern.LastIndexOf('/');
        string dir = slash < 0 ? "" : pattern[..(slash + 1)].TrimEnd('/') is { Length: > 0 } d ? d : pattern[..(slash + 1)];
        string baseName = pattern[(slash + 1)..];
        if (!HasMagic(pattern))
        {
            if (baseName.Length > 0 ? LExists(pattern) : Directory.Exists(dir)) results.Add(pattern);
            return;
        }
        var dirs = new List<string>();
        if (dir.Length > 0 && dir != pattern && HasMagic(dir)) Expand(dir, dirs, dirsOnly: true);
        else dirs.Add(dir);
        foreach (var parent in dirs)
        {
            foreach (var name in Match(parent, baseName, dirsOnly))
                results.Add(PyPath.Join(parent, name));
        }
    }

    private static IEnumerable<string> Match(string dir, string baseName, bool dirsOnly)
    {
        if (!HasMagic(baseName))
        {
            bool ok = baseName.Length > 0 ? LExists(PyPath.Join(dir, baseName)) : Directory.Exists(dir);
            return ok && (!dirsOnly || Directory.Exists(PyPath.Join(dir, baseName))) ? [baseName] : [];
        }
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = new DirectoryInfo(dir.Length == 0 ? "." : dir).EnumerateFileSystemInfos().ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        var matcher = PyFnmatch.Translate(baseName);
        return entries
            .Where(e => !dirsOnly || e is DirectoryInfo || (e.LinkTarget is not null && Directory.Exists(e.FullName)))
            .Select(e => e.Name)
            .Where(n => (baseName.StartsWith('.') || !n.StartsWith('.')) && matcher.IsMatch(n))
            .ToList();
    }

    private static bool LExists(string path) =>
        File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null;
}
