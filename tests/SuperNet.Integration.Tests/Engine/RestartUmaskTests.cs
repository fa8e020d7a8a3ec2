using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// [supervisord] umask is set once, when the daemon detaches at its first start, and minfds raises the soft
/// RLIMIT_NOFILE at the first start only: a SIGHUP restart with other values changes neither for the children it
/// spawns (supervisord 4.2.5, checked here on both daemons). supernetd never applied the umask at all.
/// </summary>
public sealed partial class RestartUmaskTests
{
    [GeneratedRegex(@"^Umask:\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex UmaskLine();

    [GeneratedRegex(@"^Max open files\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex OpenFilesLine();

    private static string Config(TempDir dir, string umask, int minfds) => $"""
        [supervisord]
        logfile={dir.File("main.log")}
        pidfile={dir.File("sv.pid")}
        childlogdir={dir.Path}
        umask={umask}
        minfds={minfds}

        [program:child]
        command=/bin/sh -c 'echo $$ > {dir.File("child.pid")}; exec sleep 1000'
        startsecs=0
        """;

    /// <summary>The next child's pid once it has written it, with its umask and soft open-files limit.</summary>
    private static (string Umask, string OpenFiles) NextChild(TempDir dir)
    {
        int pid = 0;
        Wait.Until(() => File.Exists(dir.File("child.pid")) && int.TryParse(File.ReadAllText(dir.File("child.pid")).Trim(), out pid), "the child's pid");
        // The shell writes its pid and execs sleep: both have the umask and limits the daemon gave the child.
        var status = File.ReadAllText($"/proc/{pid}/status");
        var limits = File.ReadAllText($"/proc/{pid}/limits");
        File.Delete(dir.File("child.pid"));
        return (UmaskLine().Match(status).Groups[1].Value, OpenFilesLine().Match(limits).Groups[1].Value);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_restart_keeps_the_first_starts_umask_and_open_files_limit(bool oracle)
    {
        using var dir = new TempDir();
        var config = dir.Write("supervisord.conf", Config(dir, "027", 1100));
        var daemon = oracle ? Binaries.Supervisord : Binaries.Supernetd;
        // A soft limit under minfds, which the first start raises; the umask the caller had is 022.
        var (code, output) = SupervisorRun.Run("/bin/sh", ["-c", $"ulimit -Sn 1024; umask 022; exec {daemon} -c {config}"]);
        Assert.True(code == 0, output);
        var pid = 0;
        Wait.Until(() => File.Exists(dir.File("sv.pid")) && int.TryParse(File.ReadAllText(dir.File("sv.pid")).Trim(), out pid), "the pidfile");
        try
        {
            Assert.Equal(("0027", "1100"), NextChild(dir));
            dir.Write("supervisord.conf", Config(dir, "077", 2200));
            Native.kill(pid, 1);
            Assert.Equal(("0027", "1100"), NextChild(dir));
        }
        finally
        {
            Native.kill(pid, 15);
        }
        Wait.Until(() => ProcessTree.Stat(pid) is null or { State: 'Z' }, "the daemon to exit");
    }
}
