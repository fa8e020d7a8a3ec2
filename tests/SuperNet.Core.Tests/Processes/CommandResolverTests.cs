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

    [Fact]
    public void A_dangling_symlink_is_not_found_as_os_stat_says_and_the_search_goes_on()
    {
        // os.stat follows the link: supervisord skips a dangling one in PATH and names it "can't find command".
        var dangling = files.File("dangling");
        File.CreateSymbolicLink(dangling, files.File("no-such-target"));
        Assert.Equal((CommandProblem.NotFound, $"can't find command '{dangling}'"), Problem(Resolve(dangling, null, null)));

        files.Mkdir("one");
        File.CreateSymbolicLink(files.File("one/tool"), files.File("no-such-target"));
        var two = files.Create("two/tool", Exec);
        Assert.Equal(two, Resolve("tool", $"{files.Path}/one:{files.Path}/two", null).Path);
        Assert.Equal((CommandProblem.NotFound, "can't find command 'tool'"), Problem(Resolve("tool", $"{files.Path}/one", null)));

        var looping = files.File("loop");
        File.CreateSymbolicLink(looping, looping);
        Assert.Equal((CommandProblem.NotFound, $"can't find command '{looping}'"), Problem(Resolve(looping, null, null)));
    }

    [Fact]
    public void A_symlink_to_an_executable_resolves_to_the_link()
    {
        var target = files.Create("real/tool", Exec);
        var link = files.File("link");
        File.CreateSymbolicLink(link, target);
        Assert.Equal(link, Resolve(link, null, null).Path);
    }

    private static (CommandProblem, string) Problem(CommandResolution r) => (r.Problem, r.Error);
}
