using System.Text;
using System.Text.RegularExpressions;

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
        var regex = Translate(baseName);
        return entries
            .Where(e => !dirsOnly || e is DirectoryInfo || (e.LinkTarget is not null && Directory.Exists(e.FullName)))
            .Select(e => e.Name)
            .Where(n => (baseName.StartsWith('.') || !n.StartsWith('.')) && regex.IsMatch(n))
            .ToList();
    }

    private static bool LExists(string path) =>
        File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null;

    /// <summary>fnmatch.translate: *, ?, [seq], [!seq]; an unclosed '[' is literal.</summary>
    private static Regex Translate(string pat)
    {
        var sb = new StringBuilder("^");
        int i = 0;
        while (i < pat.Length)
        {
            char c = pat[i++];
            if (c == '*') sb.Append(".*");
            else if (c == '?') sb.Append('.');
            else if (c == '[')
            {
                int j = i;
                if (j < pat.Length && pat[j] == '!') j++;
                if (j < pat.Length && pat[j] == ']') j++;
                while (j < pat.Length && pat[j] != ']') j++;
                if (j >= pat.Length) { sb.Append("\\["); continue; }
                string set = pat[i..j];
                i = j + 1;
                bool negate = set.StartsWith('!');
                if (negate) set = set[1..];
                var cls = new StringBuilder();
                foreach (char sc in set)
                {
                    if (sc is '\\' or '^' or '[' or ']') cls.Append('\\');
                    cls.Append(sc);
                }
                sb.Append('[').Append(negate ? "^" : "").Append(cls).Append(']');
            }
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(sb.Append("\\z").ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }
}
