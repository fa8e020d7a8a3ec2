using SuperNet.Core.Processes;
using SuperNet.Core.Tests.Supervision;

namespace SuperNet.Core.Tests.Processes;

public sealed class CommandResolverTests : IDisposable
{
    private const UnixFileMode Exec = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode Plain = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly TempDir files = new();
    private readonly FakeProbe probe = new();

    public void Dispose() => files.Dispose();

    private CommandResolution Resolve(string command, string? programPath, string? daemonPath) =>
        new CommandResolver(new SimpleSplitter(), probe).Resolve(command, programPath, daemonPath);

    [Fact]
    public void Program_path_wins_over_the_daemon_path()
    {
        var one = files.Create("one/tool", Exec);
        files.Create("two/tool", Exec);
        var result = Resolve("tool --flag", $"{files.Path}/one", $"{files.Path}/two");
        Assert.True(result.Succeeded);
        Assert.Equal(one, result.Path);
        Assert.Equal(["tool", "--flag"], result.Argv);
    }

    [Fact]
    public void Daemon_path_is_used_without_a_program_path()
    {
        var two = files.Create("two/tool", Exec);
        Assert.Equal(two, Resolve("tool", null, $"{files.Path}/nothing:{files.Path}/two/").Path);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Default_path_without_any_path(string? daemonPath)
    {
        var result = Resolve("sh", null, daemonPath);
        Assert.Equal("/bin/sh", result.Path);
    }

    [Fact]
    public void The_first_directory_where_the_name_exists_wins_even_if_not_executable()
    {
        var first = files.Create("one/tool", Plain);
        files.Create("two/tool", Exec);
        var result = Resolve("tool", $"{files.Path}/one:{files.Path}/two", null);
        Assert.Equal(CommandProblem.NotExecutable, result.Problem);
        Assert.Equal($"command at '{first}' is not executable", result.Error);
    }

    [Fact]
    public void Failures_are_classified_for_start_process()
    {
        var dir = files.Mkdir("adir");
        var denied = files.Create("denied", Exec);
        probe.Denied.Add(denied);
        Assert.Equal((CommandProblem.NotFound, "can't find command 'nothing-here'"), Problem(Resolve("nothing-here", files.Path, null)));
        Assert.Equal((CommandProblem.NotFound, "can't find command '/no/such'"), Problem(Resolve("/no/such x", null, null)));
        Assert.Equal((CommandProblem.NotExecutable, $"command at '{dir}' is a directory"), Problem(Resolve(dir, null, null)));
        Assert.Equal((CommandProblem.NotExecutable, $"command at '{files.Path}/adir' is a directory"), Problem(Resolve("adir", files.Path, null)));
        Assert.Equal((CommandProblem.NotExecutable, $"no permission to run command '{denied}'"), Problem(Resolve(denied, null, null)));
        Assert.Equal((CommandProblem.NotExecutable, "command is empty"), Problem(Resolve("   ", null, null)));
        Assert.Equal((CommandProblem.NotExecutable, "can't parse command \"it's\": No closing quotation"), Problem(Resolve("it's", null, null)));
    }

    private static (CommandProblem, string) Problem(CommandResolution r) => (r.Problem, r.Error);
}
