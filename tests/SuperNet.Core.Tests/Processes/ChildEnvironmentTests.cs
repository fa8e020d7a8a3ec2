using SuperNet.Core.Config;
using SuperNet.Core.Processes;
using SuperNet.Core.Tests.Supervision;

namespace SuperNet.Core.Tests.Processes;

public sealed class ChildEnvironmentTests
{
    private static SupervisorConfig Config(IReadOnlyList<ServerConfig> servers, params KeyValuePair<string, string>[] global) => new()
    {
        ConfigFile = "/etc/supervisord.conf",
        Supervisord = new SupervisordOptions { Environment = global },
        Servers = servers,
        Groups = [],
    };

    private static ProcessConfig Program(string? serverUrl = null, params KeyValuePair<string, string>[] env) => new()
    {
        Name = "web_0",
        ProgramName = "web",
        Section = "program:web",
        Command = "x",
        ServerUrl = serverUrl,
        Environment = env,
    };

    private static readonly UnixHttpServerConfig Unix = new() { Section = "unix_http_server", File = "/run/sv.sock" };
    private static readonly InetHttpServerConfig AnyHost = new() { Section = "inet_http_server", Host = "", Port = 9001 };
    private static readonly InetHttpServerConfig Host = new() { Section = "inet_http_server", Host = "127.0.0.1", Port = 9002 };

    [Fact]
    public void Later_sources_win_in_order()
    {
        var daemon = new Dictionary<string, string> { ["A"] = "daemon", ["B"] = "daemon", ["C"] = "daemon", ["SUPERVISOR_ENABLED"] = "0" };
        var env = new ChildEnvironment(daemon, Config([], new("B", "global"), new("C", "global"), new("SUPERVISOR_GROUP_NAME", "mine")), PlainFileOpener.Instance);
        var built = env.Build("web", Program(null, new KeyValuePair<string, string>("C", "program")));
        Assert.Equal(
            ["A=daemon", "B=global", "C=program", "SUPERVISOR_ENABLED=1", "SUPERVISOR_GROUP_NAME=mine", "SUPERVISOR_PROCESS_NAME=web_0"],
            built.Entries.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null, true, true, "unix:///run/sv.sock")]
    [InlineData(null, false, true, "http://localhost:9001")]
    [InlineData("http://example:1", true, true, "http://example:1")]
    [InlineData(null, false, false, null)]
    public void Server_url_rules(string? configured, bool withUnix, bool withInet, string? expected)
    {
        List<ServerConfig> servers = [];
        if (withInet)
        {
            servers.Add(AnyHost);
        }
        if (withUnix)
        {
            servers.Add(Unix);
        }
        var built = new ChildEnvironment(new Dictionary<string, string>(), Config(servers), PlainFileOpener.Instance).Build("web", Program(configured));
        var url = built.Entries.FirstOrDefault(x => x.StartsWith("SUPERVISOR_SERVER_URL=", StringComparison.Ordinal));
        Assert.Equal(expected is null ? null : "SUPERVISOR_SERVER_URL=" + expected, url);
    }

    [Fact]
    public void Inet_host_is_kept_when_bound_to_one_address() =>
        Assert.Equal("http://127.0.0.1:9002", ChildEnvironment.AutoServerUrl([Host]));

    [Fact]
    public void Program_path_comes_from_the_global_or_program_environment()
    {
        var env = new ChildEnvironment(new Dictionary<string, string> { ["PATH"] = "/daemon" }, Config([], new KeyValuePair<string, string>("PATH", "/global")), PlainFileOpener.Instance);
        Assert.Equal("/global", env.ProgramPath(Program()));
        Assert.Equal("/mine", env.ProgramPath(Program(null, new KeyValuePair<string, string>("PATH", "/mine"))));
        Assert.Equal("/daemon", env.DaemonPath);
        Assert.Null(new ChildEnvironment(new Dictionary<string, string>(), Config([]), PlainFileOpener.Instance).ProgramPath(Program()));
    }

    [Fact]
    public void Environment_files_sit_under_environment_and_program_files_over_global_ones()
    {
        using var dir = new TempDir();
        var globalFile = dir.Write("global.env", "A=global-file\nB=global-file\nC=global-file\nD=global-file\nPATH=/from-global-file\n");
        var programFile = dir.Write("program.env", "C=program-file\nD=program-file\n");
        var config = Config([]) with
        {
            Supervisord = new SupervisordOptions { Environment = [new("B", "global")], EnvironmentFiles = [globalFile] },
        };
        var program = Program(null, new KeyValuePair<string, string>("D", "program")) with { EnvironmentFiles = [programFile] };
        var built = new ChildEnvironment(new Dictionary<string, string>(), config, PlainFileOpener.Instance).Build("web", program);
        Assert.Contains("A=global-file", built.Entries);
        Assert.Contains("B=global", built.Entries);
        Assert.Contains("C=program-file", built.Entries);
        Assert.Contains("D=program", built.Entries);
        Assert.Equal("/from-global-file", built.ProgramPath);
    }

    [Fact]
    public void A_files_references_see_the_sources_before_it_and_the_daemons_environment()
    {
        using var dir = new TempDir();
        var globalFile = dir.Write("global.env", "ROOT=/srv\nLATER=${D}\n");
        var first = dir.Write("first.env", "APP=${ROOT}/${SUPERVISOR_PROCESS_NAME}\n");
        var second = dir.Write("second.env", "DATA=\"${APP}/data:${B}:${HOME}:${D}\"\n");
        var config = Config([]) with
        {
            Supervisord = new SupervisordOptions { Environment = [new("B", "global")], EnvironmentFiles = [globalFile] },
        };
        var program = Program(null, new KeyValuePair<string, string>("D", "program")) with { EnvironmentFiles = [first, second] };
        var built = new ChildEnvironment(new Dictionary<string, string> { ["HOME"] = "/root" }, config, PlainFileOpener.Instance).Build("web", program);
        Assert.Contains("DATA=/srv/web_0/data:global:/root:", built.Entries);
        // environment= comes after the files: a file cannot see what it sets.
        Assert.Contains("LATER=", built.Entries);
    }

    [Fact]
    public void A_missing_environment_file_fails_the_build_naming_the_file()
    {
        var program = Program() with { EnvironmentFiles = ["/nonexistent/app.env"] };
        var e = Assert.Throws<EnvironmentFileException>(() => new ChildEnvironment(new Dictionary<string, string>(), Config([]), PlainFileOpener.Instance).Build("web", program));
        Assert.Equal("couldn't read environment_file /nonexistent/app.env: No such file or directory", e.Message);
    }
}
