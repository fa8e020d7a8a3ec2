namespace SuperNet.Core.Config.Python;

/// <summary>Python's posixpath functions as supervisord applies them to configured paths.</summary>
internal static class PyPath
{
    public static bool IsAbs(string p) => p.StartsWith('/');

    public static string Join(string a, string b) =>
        IsAbs(b) ? b : a.Length == 0 || a.EndsWith('/') ? a + b : a + "/" + b;

    public static string DirName(string p)
    {
        int i = p.LastIndexOf('/') + 1;
        string head = p[..i];
        if (head.Length > 0 && head.Any(c => c != '/')) head = head.TrimEnd('/');
        return head;
    }

    /// <summary>posixpath.normpath: collapses ., .. and repeated slashes; keeps exactly two leading slashes.</summary>
    public static string NormPath(string path)
    {
        if (path.Length == 0) return ".";
        int initial = path.StartsWith('/') ? (path.StartsWith("//") && !path.StartsWith("///") ? 2 : 1) : 0;
        var parts = new List<string>();
        foreach (var comp in path.Split('/'))
        {
            if (comp.Length == 0 || comp == ".") continue;
            if (comp != ".." || (initial == 0 && parts.Count == 0) || (parts.Count > 0 && parts[^1] == ".."))
                parts.Add(comp);
            else if (parts.Count > 0)
                parts.RemoveAt(parts.Count - 1);
        }
        string result = new string('/', initial) + string.Join('/', parts);
        return result.Length == 0 ? "." : result;
    }

    /// <summary>The path the kernel would look up from <paramref name="cwd"/>, without lexical normalisation.</summary>
    public static string Resolve(string p, string cwd) => IsAbs(p) ? p : Join(cwd, p);

    public static string AbsPath(string p, string cwd) => NormPath(IsAbs(p) ? p : Join(cwd, p));

    /// <summary>posixpath.expanduser: ~ from $HOME (else the user database), ~user from the database.</summary>
    public static string ExpandUser(string p, ConfigContext ctx)
    {
        if (!p.StartsWith('~')) return p;
        int slash = p.IndexOf('/', 1);
        if (slash < 0) slash = p.Length;
        string? home;
        if (slash == 1)
        {
            home = ctx.GetEnvironmentVariable("HOME") ?? ctx.Users.FindUser(ctx.CurrentUid)?.Home;
        }
        else
        {
            home = ctx.Users.FindUser(p[1..slash])?.Home;
        }
        if (home is null) return p;
        home = home.TrimEnd('/');
        string result = home + p[slash..];
        return result.Length == 0 ? "/" : result;
    }

    /// <summary>supervisor's normalize_path: expanduser, abspath (relative to the CWD), normpath.</summary>
    public static string Normalize(string p, ConfigContext ctx) => AbsPath(ExpandUser(p, ctx), ctx.CurrentDirectory);
}
