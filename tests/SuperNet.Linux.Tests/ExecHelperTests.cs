using SuperNet.Core.Config;
using SuperNet.Linux.Tests.Support;

namespace SuperNet.Linux.Tests;

/// <summary>user= and umask= through the exec helper (the tests run as root).</summary>
public sealed class ExecHelperTests
{
    private static readonly UserSpec Nobody = new("nobody", 65534, 65534);

    [Fact]
    public async Task UserChangesUidGidAndGroups()
    {
        var child = TestPlatform.Spawn(TestPlatform.Request("/bin/sleep", "sleep", "30") with { User = Nobody });
        await Wait.UntilAsync(() => File.ReadAllText($"/proc/{child.Pid}/comm").Trim() == "sleep", "exec of sleep");
        Assert.Equal("65534\t65534\t65534\t65534", child.StatusField("Uid"));
        Assert.Equal("65534\t65534\t65534\t65534", child.StatusField("Gid"));
        Assert.Equal("65534", child.StatusField("Groups"));
        Assert.Equal(0, child.Signal(Core.Os.Signals.TERM));
        await child.Exit;
    }

    [Fact]
    public async Task UmaskAndDirectoryApplyWithUser()
    {
        var request = TestPlatform.Shell("id -u; umask; pwd") with
        {
            User = Nobody, Umask = Convert.ToInt32("027", 8), Directory = "/tmp",
        };
        var child = TestPlatform.Spawn(request);
        Assert.Equal("65534\n0027\n/tmp\n", await child.Stdout.ReadToEnd());
        Assert.Equal(0, (await child.Exit).ExitStatus);
    }

    [Fact]
    public async Task UmaskAloneKeepsTheUser()
    {
        var child = TestPlatform.Spawn(TestPlatform.Shell("id -u; umask") with { Umask = Convert.ToInt32("077", 8) });
        Assert.Equal("0\n0077\n", await child.Stdout.ReadToEnd());
    }

    [Fact]
    public async Task The_program_gets_exactly_its_environment_in_its_order_whatever_it_tells_the_runtime()
    {
        string[] environment = ["Z=1", "DOTNET_GCRegionSize=1", "A=2", "dotnet_x=3", "COMPlus_gcServer=1", "SUPERNET_EXEC_HELPER_HIDDEN_Y=4", "B=="];
        var child = TestPlatform.Spawn(TestPlatform.Request("/usr/bin/env", "env") with { Umask = Convert.ToInt32("022", 8), Environment = environment });
        Assert.Equal(string.Join("", environment.Select(e => e + "\n")), await child.Stdout.ReadToEnd());
        Assert.Equal(0, (await child.Exit).ExitStatus);
    }

    [Fact]
    public async Task HelperFailuresUseSupervisordTexts()
    {
        var child = TestPlatform.Spawn(TestPlatform.Request("/nonexistent/prog", "prog") with { User = Nobody });
        Assert.Equal("supervisor: couldn't exec prog: ENOENT\nsupervisor: child process was not spawned\n",
            await child.Stderr!.ReadToEnd());
        Assert.Equal(127, (await child.Exit).ExitStatus);
    }

    [Fact]
    public async Task NonRootCannotSwitchUser()
    {
        // The outer helper drops to nobody; as nobody, the inner helper must refuse uid 1.
        var inner = new[] { "--exec-helper", "--user", "1", "1", "daemon", "--", "/bin/true", "true" };
        var request = TestPlatform.Request(SnHelper.Path, ["snhelper", .. inner]) with { User = Nobody };
        var child = TestPlatform.Spawn(request);
        Assert.Equal("supervisor: couldn't setuid to 1: Can't drop privilege as nonroot user\n" +
            "supervisor: child process was not spawned\n", await child.Stderr!.ReadToEnd());
        Assert.Equal(127, (await child.Exit).ExitStatus);
    }

    [Fact]
    public void ArgumentsRoundTrip()
    {
        var command = new ExecHelperCommand("/bin/x y", ["x y", "--", "-a"], Nobody, 18, "/some dir") { DaemonEnvironmentEntries = 3 };
        var argv = command.ToArgv("/path/supernetd");
        Assert.Equal("/path/supernetd", argv[0]);
        var parsed = ExecHelperCommand.Parse(argv[1..]);
        Assert.NotNull(parsed);
        Assert.Equal(command.Path, parsed.Path);
        Assert.Equal(command.Argv, parsed.Argv);
        Assert.Equal(Nobody, parsed.User);
        Assert.Equal(18, parsed.Umask);
        Assert.Equal("/some dir", parsed.Directory);
        Assert.Equal(3, parsed.DaemonEnvironmentEntries);
        Assert.Null(ExecHelperCommand.Parse(["--exec-helper", "--bogus", "--", "/bin/true", "true"]));
        Assert.Null(ExecHelperCommand.Parse(["something-else"]));
    }
}
