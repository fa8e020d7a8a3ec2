namespace SuperNet.Testing;

/// <summary>
/// The published binaries (test.sh publishes them to artifacts/bin, or SUPERNET_BIN points there) and the oracle's.
/// A test that needs one that was not published fails and says how to publish it: it never passes or vanishes silently.
/// </summary>
public static class Binaries
{
    public static string Directory { get; } = Locate();

    public static string Supernetd => Published("supernetd", "src/SuperNet.Daemon");
    public static string Supernetctl => Published("supernetctl", "src/SuperNet.Ctl");
    public static string Helper => Published("snhelper", "tests/SuperNet.TestHelper");

    public const string Supervisord = "/usr/bin/supervisord";
    public const string Supervisorctl = "/usr/bin/supervisorctl";
    /// <summary>Debian's python3, which has the supervisor package (the first python3 on PATH may not).</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>The repository's root (the directory holding SuperNet.sln) above the test assembly.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>
    /// Copies an executable so it can be run at once. File.Copy holds a write descriptor in this process: a test on
    /// another thread that forks in that moment keeps it open in its child until the child's exec, and an exec of the
    /// copy then fails with ETXTBSY ("Text file busy", seen on CI). install's descriptor lives and dies in install.
    /// </summary>
    public static void CopyExecutable(string source, string destination, UnixFileMode mode)
    {
        using var install = System.Diagnostics.Process.Start(
            "/usr/bin/install", ["-m", Convert.ToString((int)mode, 8), source, destination]);
        if (!install.WaitForExit(Wait.Default) || install.ExitCode != 0)
        {
            throw new IOException($"install {source} {destination} failed");
        }
    }

    private static string Published(string name, string project)
    {
        var path = Path.Combine(Directory, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{name} was not published to {Directory}: run `dotnet publish {project} -c Release -o {Directory}` " +
                "(./test.sh publishes every binary) or point SUPERNET_BIN at where it is.", path);
        }
        return path;
    }

    private static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("SUPERNET_BIN");
        return !string.IsNullOrEmpty(fromEnv) ? Path.GetFullPath(fromEnv) : Path.Combine(FindRoot(), "artifacts", "bin");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SuperNet.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cannot find the repository root (SuperNet.sln) above " + AppContext.BaseDirectory);
    }
}
