namespace SuperNet.Integration.Tests.Harness;

/// <summary>Finds the published binaries (test.sh publishes them to artifacts/bin, or SUPERNET_BIN points there).</summary>
public static class Binaries
{
    public static string Directory { get; } = Locate();

    public static string Supernetd => Path.Combine(Directory, "supernetd");
    public static string Supernetctl => Path.Combine(Directory, "supernetctl");
    public static string Helper => Path.Combine(Directory, "snhelper");

    public const string Supervisord = "/usr/bin/supervisord";
    public const string Supervisorctl = "/usr/bin/supervisorctl";
    /// <summary>Debian's python3, which has the supervisor package (the first python3 on PATH may not).</summary>
    public const string Python = "/usr/bin/python3";

    private static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("SUPERNET_BIN");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return Path.GetFullPath(fromEnv);
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SuperNet.sln")))
            {
                return Path.Combine(dir.FullName, "artifacts", "bin");
            }
        }
        throw new InvalidOperationException("Cannot find artifacts/bin: run ./test.sh or set SUPERNET_BIN.");
    }
}
