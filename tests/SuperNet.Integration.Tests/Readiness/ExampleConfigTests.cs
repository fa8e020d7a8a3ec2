using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Readiness;

/// <summary>conf/examples/containers.conf: supernetd as PID 1 runs it in readiness order and exits with the critical job's code; supervisord loads it.</summary>
public sealed class ExampleConfigTests
{
    private static string Example()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "conf", "examples", "containers.conf");
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }
        throw new InvalidOperationException("conf/examples/containers.conf not found");
    }

    /// <summary>The example with its fixed port replaced by a free one (tests share the machine), logging where the harness reads.</summary>
    private static string Body() => Example()
        .Replace("18089", Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("logfile=%(here)s/supervisord.log", "logfile=%(here)s/main.log", StringComparison.Ordinal);

    private static DateTime At(SupervisorRun run, string prefix) =>
        run.Log().First(l => l.Message.StartsWith(prefix, StringComparison.Ordinal)).Time;

    [Fact]
    public void As_pid_1_it_starts_on_readiness_and_a_failing_critical_job_brings_it_down_with_its_code()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, Body(), new RunOptions(AsPid1: true));
        run.WaitForLog("spawned: 'db'");
        // The view health reads is published at the end of the loop's turn that logged the spawn: an answer in
        // between still lists db as STOPPED.
        var (early, earlyOutput) = Wait.For(() => SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "health"]) is var answer
            && !answer.Output.Contains("db STOPPED", StringComparison.Ordinal) ? Tuple.Create(answer.ExitCode, answer.Output) : null,
            "supernetctl health past db's spawn").ToValueTuple();
        Assert.Equal(1, early);
        Assert.Contains("db STARTING", earlyOutput);

        run.WaitForLog("success: worker entered RUNNING state");
        Wait.Until(() => SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "health"]) == (0, "ok\n"),
            "health to flip to 0 once the last program is ready");

        // Spawn order follows readiness, as the main log's timestamps show.
        Assert.True(At(run, "success: db entered RUNNING state, process is ready (notify)") <= At(run, "spawned: 'app'"));
        Assert.True(At(run, "success: app entered RUNNING state, process is ready (http://") <= At(run, "spawned: 'worker'"));
        Assert.True(At(run, "success: worker entered RUNNING state") <= At(run, "spawned: 'job'"));
        Assert.True(At(run, "spawned: 'db'").AddSeconds(2.5) <= At(run, "spawned: 'app'"), "app waited for db's 3 s recovery");

        Assert.Equal(3, run.WaitForExit(TimeSpan.FromSeconds(60)));
        run.WaitForLog("critical program job exited (exit status 3) and will not be restarted: stopping all programs, supernetd will exit 3");
        var stopped = run.Log().Where(l => l.Message.StartsWith("stopped: ", StringComparison.Ordinal)).Select(l => l.Message.Split(' ')[1]).ToList();
        Assert.Equal(["worker", "app", "db"], stopped);
        Assert.Equal("supervisord started with pid 1", run.Log().First(l => l.Message.StartsWith("supervisord started", StringComparison.Ordinal)).Message);
    }

    [Fact]
    public void The_real_supervisord_loads_it_and_ignores_the_extension_keys()
    {
        using var run = SupervisorRun.Start(Implementation.Supervisord, Body());
        foreach (var name in new[] { "db", "app", "worker", "job" })
        {
            run.WaitForLog($"spawned: '{name}'");
        }
        Assert.DoesNotContain(run.Log(), l => l.Level == "ERRO");
        Assert.False(run.HasExited);
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
    }
}
