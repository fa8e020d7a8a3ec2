using System.Globalization;
using SuperNet.Core.Config;

namespace SuperNet.Core.Tests.Config;

public sealed class DaemonStreamPathsTests
{
    private static readonly string Own = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    // A pid that is not this process's (the test host is never PID 1 of its namespace here).
    private const string Other = "1";

    [Fact]
    public void The_daemons_own_proc_fd_paths_are_its_streams_without_asking()
    {
        Func<string, int, bool> never = (path, _) => throw new Xunit.Sdk.XunitException($"asked about {path}");
        Assert.Equal(DaemonStream.Stdout, DaemonStreamPaths.Of($"/proc/{Own}/fd/1", never));
        Assert.Equal(DaemonStream.Stderr, DaemonStreamPaths.Of($"/proc/{Own}/fd/2", never));
        Assert.Equal(DaemonStream.Stdout, DaemonStreamPaths.Of("/proc/self/fd/1", never));
        Assert.Equal(DaemonStream.Stderr, DaemonStreamPaths.Of("/dev/stderr", never));
    }

    [Fact]
    public void Another_process_fd_is_a_stream_only_when_it_opens_the_same_file()
    {
        var asked = new List<(string, int)>();
        DaemonStream Of(string path, params int[] same) => DaemonStreamPaths.Of(path, (p, fd) =>
        {
            asked.Add((p, fd));
            return same.Contains(fd);
        });
        Assert.Equal(DaemonStream.Stdout, Of($"/proc/{Other}/fd/1", 1, 2));
        Assert.Equal(DaemonStream.Stderr, Of($"/proc/{Other}/fd/2", 1, 2));
        // Its fd 2 on supernetd's fd 1 (supernetd started with its stdout where the init's stderr is).
        Assert.Equal(DaemonStream.Stdout, Of($"/proc/{Other}/fd/2", 1));
        Assert.Equal(DaemonStream.None, Of($"/proc/{Other}/fd/1"));
        Assert.Equal([($"/proc/{Other}/fd/1", 1), ($"/proc/{Other}/fd/2", 2), ($"/proc/{Other}/fd/2", 2), ($"/proc/{Other}/fd/2", 1),
            ($"/proc/{Other}/fd/1", 1), ($"/proc/{Other}/fd/1", 2)], asked);
        Assert.Equal(DaemonStream.None, DaemonStreamPaths.Of($"/proc/{Other}/fd/1"));
    }

    [Theory]
    [InlineData("/proc/01/fd/1")]
    [InlineData("/proc/+1/fd/1")]
    [InlineData("/proc//fd/1")]
    [InlineData("/proc/1/fd/3")]
    [InlineData("/proc/1/fd/10")]
    [InlineData("/proc/1/fd/1/")]
    [InlineData("/proc/99999999999/fd/1")]
    [InlineData("/proc/thread-self/fd/1")]
    [InlineData("/var/log/proc/1/fd/1")]
    public void Other_paths_are_files(string path) =>
        Assert.Equal(DaemonStream.None, DaemonStreamPaths.Of(path, (_, _) => true));

    [Fact]
    public void A_program_log_asks_the_config_context()
    {
        using var dir = new TempDir();
        var path = dir.Write("supervisord.conf", $"""
            [supervisord]
            [program:web]
            command=/bin/true
            stdout_logfile=/proc/{Other}/fd/1
            stderr_logfile=/proc/{Own}/fd/2
            """);
        var context = TestContext.Create(dir.Path);
        var web = ConfigLoader.Load(path, null, new ConfigContext
        {
            Environment = context.Environment,
            CurrentDirectory = context.CurrentDirectory,
            HostName = context.HostName,
            CurrentUid = context.CurrentUid,
            Users = context.Users,
            OpensOwnFd = (p, fd) => p == $"/proc/{Other}/fd/1" && fd == 1,
        }).Groups.Single().Processes.Single();
        // The path is kept, as for /dev/stdout: getProcessInfo names it as written.
        Assert.Equal((DaemonStream.Stdout, (string?)$"/proc/{Other}/fd/1"), (web.Stdout.Stream, web.Stdout.Path));
        Assert.Equal((DaemonStream.Stderr, (string?)$"/proc/{Own}/fd/2"), (web.Stderr.Stream, web.Stderr.Path));
        Assert.Equal(DaemonStream.None, ConfigLoader.Load(path, null, context).Groups.Single().Processes.Single().Stdout.Stream);
    }
}
