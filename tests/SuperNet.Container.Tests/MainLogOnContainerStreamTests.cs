using SuperNet.Container.Tests.Harness;

namespace SuperNet.Container.Tests;

/// <summary>
/// `logfile=` naming the container's stdout or stderr (/proc/1/fd/2, /dev/stderr, /dev/stdout), with supernetd as
/// PID 1 and under tini, where /proc/1 is tini and its fd 2 the same pipe as supernetd's. supervisord 4.2.5 dies at
/// its first line there unless logfile_maxbytes=0 (IT MainLogOnStdoutTests); supernetd needs no maxbytes=0, and a
/// maxbytes that a file would reach at once rotates nothing: a pipe has no size, and /dev/stdout is not to be renamed.
/// </summary>
[Collection(PodmanCollection.Name)]
public class MainLogOnContainerStreamTests(Images images)
{
    private const string Tini = """["/usr/bin/tini", "--", "/usr/bin/supernetd", "-n"]""";

    private static string Config(string logfile, string? maxbytes) => $"""
        [supervisord]
        nodaemon=true
        logfile={logfile}
        {(maxbytes is null ? "" : "logfile_maxbytes=" + maxbytes)}
        pidfile=/run/supervisord.pid
        childlogdir=/var/log/supervisor

        [unix_http_server]
        file=/run/supervisor.sock

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        {Programs.ToContainerOutput("talker", "signals")}
        """;

    [Theory]
    [InlineData("/proc/1/fd/2", false, null)]
    [InlineData("/proc/1/fd/2", true, null)]
    [InlineData("/proc/1/fd/2", false, "100")]
    [InlineData("/proc/1/fd/2", true, "100")]
    [InlineData("/dev/stderr", false, null)]
    [InlineData("/dev/stderr", true, null)]
    [InlineData("/dev/stderr", false, "100")]
    [InlineData("/dev/stderr", true, "100")]
    [InlineData("/dev/stdout", false, null)]
    [InlineData("/dev/stdout", true, null)]
    [InlineData("/dev/stdout", false, "100")]
    [InlineData("/dev/stdout", true, "100")]
    public void EveryLineReachesPodmanLogsThroughSigusr2AndNothingIsRotated(string logfile, bool underTini, string? maxbytes)
    {
        using var confD = new TempDir();
        confD.Write("main.conf", Config(logfile, maxbytes));
        using var container = RunningContainer.WithPrograms(images.WithPrograms, confD,
            underTini ? ["--entrypoint", Tini] : [], ["-c", "/etc/supervisor/conf.d/main.conf"]);
        container.WaitForState("talker", "RUNNING");

        Podman.Check("kill", "--signal", "USR2", container.Name);
        // The nodaemon echo goes to stdout; the log file's copy to the stream it names (also stdout for /dev/stdout).
        var onStdout = logfile == "/dev/stdout" ? 2 : 1;
        var onStderr = logfile == "/dev/stdout" ? 0 : 1;
        Wait.Until(() => Count(container.Logs().Stdout, "INFO supervisord logreopen") == onStdout,
            "the reopen logged on stdout");
        Wait.Until(() => Count(container.Logs().Stderr, "INFO supervisord logreopen") == onStderr,
            "the reopen logged on stderr");
        // A rotation would have renamed /dev/stdout or /dev/stderr to NAME.1 and left a regular file in its place.
        var dev = container.Exec("/bin/sh", "-c", """for f in /dev/*; do if [ -L "$f" ]; then echo "$f link"; else echo "$f"; fi; done""").Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("/dev/stdout link", dev);
        Assert.Contains("/dev/stderr link", dev);
        Assert.DoesNotContain(dev, f => f.StartsWith("/dev/stdout.", StringComparison.Ordinal) || f.StartsWith("/dev/stderr.", StringComparison.Ordinal));

        Podman.Check("stop", "-t", "60", container.Name);

        Assert.Equal(("exited", 0), container.State());
        var logs = container.Logs();
        foreach (var line in new[]
        {
            "CRIT Supervisor is running as root.", // supervisord's first line, which it does not survive with maxbytes set
            "INFO supervisord started with pid ",
            "INFO received SIGUSR2 indicating log reopen request",
            "INFO supervisord logreopen",
            "WARN received SIGTERM indicating exit request",
            "INFO stopped: talker (exit status 0)",
        })
        {
            Assert.True(Count(logs.Stdout, line) == onStdout, $"'{line}' {onStdout} time(s) on stdout:\n{logs.Stdout}");
            Assert.True(Count(logs.Stderr, line) == onStderr, $"'{line}' {onStderr} time(s) on stderr:\n{logs.Stderr}");
        }
        Assert.Equal(1, Count(logs.Stdout, "got SIGTERM"));
    }

    private static int Count(string text, string line) => text.Split(line).Length - 1;
}
