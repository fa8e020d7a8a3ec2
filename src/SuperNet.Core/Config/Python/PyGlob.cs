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
                sb.Append(CharacterSet(pat, i, j));
                i = j + 1;
            }
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(sb.Append("\\z").ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    /// <summary>
    /// fnmatch's rewrite of the set between pat[start] and pat[end] (the closing ']'): a reversed range such as
    /// z-a is empty and dropped (Python's re would refuse it, and so would .NET's), hyphens that do not make a
    /// range are literal, and a set left empty never matches (its negation, "[!z-a]", matches any one character).
    /// </summary>
    private static string CharacterSet(string pat, int start, int end)
    {
        string stuff;
        if (pat.IndexOf('-', start, end - start) < 0)
        {
            stuff = pat[start..end].Replace("\\", "\\\\", StringComparison.Ordinal);
        }
        else
        {
            var chunks = new List<string>();
            int from = start;
            int k = pat[start] == '!' ? start + 2 : start + 1;
            while (k < end && (k = pat.IndexOf('-', k, end - k)) >= 0)
            {
                chunks.Add(pat[from..k]);
                from = k + 1;
                k += 3;
            }
            string last = pat[from..end];
            if (last.Length > 0) chunks.Add(last);
            else chunks[^1] += "-";
            for (int m = chunks.Count - 1; m > 0; m--)
            {
                if (chunks[m - 1].Length > 0 && chunks[m].Length > 0 && chunks[m - 1][^1] > chunks[m][0])
                {
                    chunks[m - 1] = chunks[m - 1][..^1] + chunks[m][1..];
                    chunks.RemoveAt(m);
                }
            }
            stuff = string.Join("-", chunks.Select(s => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal)));
        }
        stuff = Regex.Replace(stuff, "([&~|])", "\\$1");
        if (stuff.Length == 0) return "(?!)";
        if (stuff == "!") return ".";
        if (stuff[0] == '!') stuff = "^" + stuff[1..];
        else if (stuff[0] is '^' or '[') stuff = "\\" + stuff;
        return "[" + DotNetClassBody(stuff) + "]";
    }

    /// <summary>A Python set body as .NET reads it: escape pairs kept, '[' and ']' escaped (.NET reads "-[" as subtraction).</summary>
    private static string DotNetClassBody(string body)
    {
        var sb = new StringBuilder(body.Length + 4);
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c == '\\' && i + 1 < body.Length)
            {
                sb.Append(c).Append(body[++i]);
            }
            else
            {
                if (c is '[' or ']') sb.Append('\\');
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
