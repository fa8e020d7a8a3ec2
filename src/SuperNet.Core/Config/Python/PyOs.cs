namespace SuperNet.Core.Config.Python;

/// <summary>os.path.isdir/exists as stat(2) sees them: "a/missing/.." does not exist, although .NET's
/// lexical normalisation would say it does.</summary>
internal static class PyOs
{
    public static bool IsDir(string path) => PrefixesExist(path) && Directory.Exists(path);

    public static bool Exists(string path) => PrefixesExist(path) && (File.Exists(path) || Directory.Exists(path));

    private static bool PrefixesExist(string path)
    {
        var parts = path.Split('/');
        for (int i = 1; i < parts.Length; i++)
        {
            if (parts[i] != "..") continue;
            string prefix = string.Join('/', parts[..i]);
            if (prefix.Length > 0 && !Directory.Exists(prefix)) return false;
        }
        return true;
    }
}
