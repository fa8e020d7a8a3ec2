using SuperNet.Container.Tests.Harness;

namespace SuperNet.Container.Tests;

/// <summary>conf.d files for the image with programs (snhelper is at /usr/local/bin).</summary>
internal static class Programs
{
    /// <summary>A program whose output goes to the container's stdout/stderr, as container configs do.</summary>
    public static string ToContainerOutput(string name, string command, string extra = "") => $"""
        [program:{name}]
        command=/usr/local/bin/snhelper {command}
        stdout_logfile=/dev/stdout
        stdout_logfile_maxbytes=0
        stderr_logfile=/dev/stderr
        stderr_logfile_maxbytes=0
        {extra}

        """;

    public static TempDir ConfD(params string[] sections)
    {
        var dir = new TempDir();
        dir.Write("programs.conf", string.Concat(sections));
        return dir;
    }
}
