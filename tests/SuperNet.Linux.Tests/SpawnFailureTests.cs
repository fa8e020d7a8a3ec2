using SuperNet.Linux.Tests.Support;

namespace SuperNet.Linux.Tests;

/// <summary>Child-side failures look like supervisord's: a real pid, the reason on stderr, exit 127.</summary>
public sealed class SpawnFailureTests
{
    private const string NotSpawned = "supervisor: child process was not spawned\n";

    [Fact]
    public async Task BadDirectoryIsReportedByTheChild()
    {
        var child = TestPlatform.Spawn(TestPlatform.Request("/bin/true", "true") with { Directory = "/nonexistent/dir" });
        Assert.Equal("supervisor: couldn't chdir to /nonexistent/dir: ENOENT\n" + NotSpawned,
            await child.Stderr!.ReadToEnd());
        Assert.Equal("", await child.Stdout.ReadToEnd());
        Assert.Equal(127, (await child.Exit).ExitStatus);
    }

    [Fact]
    public async Task BadDirectoryTextGoesToStdoutWhenRedirected()
    {
        var request = TestPlatform.Request("/bin/true", "true") with { Directory = "/etc/passwd", RedirectStderr = true };
        var child = TestPlatform.Spawn(request);
        Assert.Equal("supervisor: couldn't chdir to /etc/passwd: ENOTDIR\n" + NotSpawned, await child.Stdout.ReadToEnd());
        Assert.Equal(127, (await child.Exit).ExitStatus);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task ExecFormatErrorNamesArgv0()
    {
        var script = Path.Combine(Path.GetTempPath(), $"sn-noshebang-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(script, "echo hi\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var child = TestPlatform.Spawn(TestPlatform.Request(script, "myprog", "arg"));
            Assert.Equal("supervisor: couldn't exec myprog: ENOEXEC\n" + NotSpawned, await child.Stderr!.ReadToEnd());
            Assert.Equal(127, (await child.Exit).ExitStatus);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task MissingExecutableIsReportedByTheChild()
    {
        var child = TestPlatform.Spawn(TestPlatform.Request("/nonexistent/prog", "prog"));
        Assert.Equal("supervisor: couldn't exec prog: ENOENT\n" + NotSpawned, await child.Stderr!.ReadToEnd());
        Assert.Equal(127, (await child.Exit).ExitStatus);
    }

    [Fact]
    public async Task PipeExhaustionIsAParentSideFailure()
    {
        var child = TestPlatform.Spawn(TestPlatform.Shell($"ulimit -n 64; exec '{SnHelper.Path}' spawn-emfile"));
        Assert.Equal("first: pid=0 errno=EMFILE error=too many open files to spawn 'emfile'\nsecond: succeeded=True\n",
            await child.Stdout.ReadToEnd());
    }

    [Fact]
    public void MissingExecHelperIsAParentSideFailure()
    {
        // Its reaper is never started: the test process already has one.
        using var platform = LinuxPlatform.Create(new LinuxPlatformOptions { HelperPath = "/nonexistent/supernetd" });
        var result = platform.Spawner.Spawn(TestPlatform.Request("/bin/true") with { Umask = 18, Name = "x" });
        Assert.False(result.Succeeded);
        Assert.Equal(ErrnoNames.ENOENT, result.Errno);
        Assert.Equal("unknown error during fork for 'x': ENOENT", result.Error);
        Assert.Equal(0, platform.LiveChildren);
    }
}
