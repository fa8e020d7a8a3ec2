using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

/// <summary>
/// No server, bad URLs, bad options and config files: both clients run as real processes, since these
/// paths end in the exit status and in stderr.
/// </summary>
public sealed class ConnectionFailureTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("snctl-fail-").FullName;

    public static TheoryData<string> Commands() =>
    [
        "-s http://127.0.0.1:1 status",
        "-s http://127.0.0.1:1 start x",
        "-s http://127.0.0.1:1 reread",
        "-s http://127.0.0.1:1 shutdown",
        "-s http://127.0.0.1:1 version",
        "-s http://127.0.0.1:1 help",
        "-s unix:///nonexistent/s.sock status",
        "-s unix:///nonexistent/s.sock stop x",
        "-s unix:///nonexistent/s.sock tail x",
        "-s unix:///nonexistent/s.sock pid",
        "-s unix:///nonexistent/s.sock avail",
        "-s unix:///nonexistent/s.sock shutdown",
        "-s unix:///nonexistent/s.sock maintail",
        "-s ftp://host status",
        "-s http://127.0.0.1:abc status",
        "-s nourl status",
        "-s unix: status",
        "--serverurl=http:// status",
        "-x status",
        "-h -x",
        "--nosuch status",
        "--s status",
        "--interactive=1 status",
        "-c",
        "-i -i status",
        "-s http://127.0.0.1:1 -s http://127.0.0.1:2 status",
        "-c /nonexistent/supervisord.conf status",
        "-s http://127.0.0.1:1 -- status",
        "-s http://127.0.0.1:1 nosuchcommand",
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Same_output_stderr_and_exit_status(string command)
    {
        var args = command.Split(' ');
        var real = Normalize.Result(Clients.Real(args, cwd: dir));
        var ours = Normalize.Result(Clients.OursProcess(args, cwd: dir));
        Assert.True(real == ours, $"`{command}` differs\n=== supervisorctl\n{real}\n=== supernetctl\n{ours}");
    }

    [Fact]
    public void Config_without_a_supervisorctl_section_is_a_usage_error()
    {
        var path = Path.Combine(dir, "nosection.conf");
        File.WriteAllText(path, "[supervisord]\n");
        var real = Normalize.Result(Clients.Real(["-c", path, "status"]));
        var ours = Normalize.Result(Clients.OursProcess(["-c", path, "status"]));
        Assert.Equal(real, ours);
        Assert.Equal(2, ours.ExitCode);
    }

    [Fact]
    public void Config_serverurl_is_used_and_named_in_the_error()
    {
        var path = Path.Combine(dir, "ctl.conf");
        File.WriteAllText(path, "[supervisorctl]\nserverurl = unix://%(here)s/missing.sock\n");
        var real = Normalize.Result(Clients.Real(["-c", path, "status"]));
        var ours = Normalize.Result(Clients.OursProcess(["-c", path, "status"]));
        Assert.Equal(real, ours);
        Assert.Equal($"unix://{dir}/missing.sock no such file\n", ours.Stdout);
    }

    [Theory]
    [InlineData("unix://%(ENV_HOME)s/missing.sock")]
    [InlineData("unix://~/missing.sock")]
    public void Config_serverurl_expands_environment_names_and_home(string serverUrl)
    {
        var path = Path.Combine(dir, "ctl.conf");
        File.WriteAllText(path, $"[supervisorctl]\nserverurl = {serverUrl}\n");
        var real = Normalize.Result(Clients.Real(["-c", path, "status"]));
        var ours = Normalize.Result(Clients.OursProcess(["-c", path, "status"]));
        Assert.Equal(real, ours);
        Assert.EndsWith("/missing.sock no such file\n", ours.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("%(", ours.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("~", ours.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_option_prints_usage_and_exits_0()
    {
        var ours = Clients.OursProcess(["-h", "status"]);
        Assert.Equal(0, ours.ExitCode);
        Assert.Contains("Usage: ", ours.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Clients.Real(["-h"]).ExitCode);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
