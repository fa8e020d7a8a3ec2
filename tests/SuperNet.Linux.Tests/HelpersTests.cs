using SuperNet.Linux.Tests.Support;

namespace SuperNet.Linux.Tests;

public sealed class HelpersTests
{
    [Fact]
    public void ExecutableProbeUsesAccess()
    {
        var probe = TestPlatform.Platform.Probe;
        Assert.True(probe.CanExecute("/bin/sh"));
        Assert.False(probe.CanExecute("/etc/passwd"));
        Assert.False(probe.CanExecute("/nonexistent"));
    }

    [Fact]
    public void RLimitsAlreadyHighEnoughChangeNothing()
    {
        var outcome = RLimits.Apply(1, 1);
        Assert.Empty(outcome.Infos);
        Assert.Null(outcome.UsageError);
    }

    [Fact]
    public async Task RLimitsRaiseTheSoftLimit()
    {
        var child = TestPlatform.Spawn(TestPlatform.Helper("rlimits", "100", "200", "1"));
        Assert.Equal("info: Increased RLIMIT_NOFILE limit to 200\nerror: none\n", await child.Stdout.ReadToEnd());
    }

    [Fact]
    public async Task RLimitsBeyondTheKernelMaximumAreAUsageError()
    {
        // Above the kernel's nr_open (1048576), so even root cannot; the text repeats the asked-for limit.
        var child = TestPlatform.Spawn(TestPlatform.Helper("rlimits", "100", "2000000", "1"));
        Assert.Equal("error: The minimum number of file descriptors required to run this process is 2000000 as per the " +
            "\"minfds\" command-line argument or config file setting. The current environment will only allow you to " +
            "open 2000000 file descriptors.  Either raise the number of usable file descriptors in your environment " +
            "(see README.rst) or lower the minfds setting in the config file to allow the process to start.\n",
            await child.Stdout.ReadToEnd());
    }

    [Fact]
    public void ProcessIdentityMatchesProc()
    {
        Assert.Equal(Environment.ProcessId, ProcessIdentity.Pid);
        var uid = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        Assert.Equal(uid.Split('\t')[1], ProcessIdentity.Uid.ToString());
    }

    [Fact]
    public void ErrnoNamesFollowPython()
    {
        Assert.Equal("ENOENT", ErrnoNames.Name(2));
        Assert.Equal("EDEADLOCK", ErrnoNames.Name(35));
        Assert.Equal("ENOTSUP", ErrnoNames.Name(95));
        Assert.Equal("41", ErrnoNames.Name(41));
        Assert.Equal("999", ErrnoNames.Name(999));
    }

    [Fact]
    public async Task SigchldGuardRemovesTheRuntimeHandler()
    {
        var child = TestPlatform.Spawn(TestPlatform.Helper("sigchld-guard"));
        Assert.Equal("before=False installed=True reset=True after=False\n", await child.Stdout.ReadToEnd());
    }

    [Fact]
    public async Task DaemonizerDetachesIntoANewSession()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sn-daemon-{Guid.NewGuid():N}");
        try
        {
            var child = TestPlatform.Spawn(TestPlatform.Helper("daemonize", file));
            Assert.Equal(0, (await child.Exit).ExitStatus);
            await Wait.UntilAsync(() => File.Exists(file), "the daemonized copy's report");
            var report = (await File.ReadAllLinesAsync(file)).ToDictionary(l => l.Split('=')[0], l => l.Split('=', 2)[1]);
            Assert.Equal(report["pid"], report["sid"]);
            Assert.NotEqual(child.Pid.ToString(), report["pid"]);
            Assert.Equal("/dev/null", report["fd0"]);
            Assert.Equal("/dev/null", report["fd1"]);
            Assert.Equal("/dev/null", report["fd2"]);
            Assert.Equal("", report["marker"]);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
