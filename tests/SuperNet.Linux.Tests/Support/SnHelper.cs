namespace SuperNet.Linux.Tests.Support;

/// <summary>Finds snhelper: $SUPERNET_BIN (test.sh publishes it there as Native AOT) or its build output.</summary>
internal static class SnHelper
{
    public static string Path { get; } = Locate();

    private static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("SUPERNET_BIN");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(System.IO.Path.Combine(fromEnv, "snhelper")))
        {
            return System.IO.Path.GetFullPath(System.IO.Path.Combine(fromEnv, "snhelper"));
        }
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SuperNet.sln")))
            {
                var path = System.IO.Path.Combine(dir.FullName, "tests", "SuperNet.TestHelper", "bin", configuration,
                    "net10.0", "linux-x64", "snhelper");
                if (File.Exists(path))
                {
                    return path;
                }
                break;
            }
        }
        throw new InvalidOperationException("snhelper not found: build tests/SuperNet.TestHelper or set SUPERNET_BIN.");
    }
}
