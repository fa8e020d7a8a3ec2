using System.Text.Json;
using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Readiness;

/// <summary>
/// A program depends_on= holds back says why wherever a user looks: `supernetctl health` (/readyz), the status
/// description (supernetctl's and the real supervisorctl's), and the JSON API's waiting/waiting_for fields. It
/// showed as a bare STOPPED, "Not started", and the reason was only in the main log.
/// </summary>
public sealed class DependencyWaitViewTests
{
    private const string Config = """
        [program:db]
        command={HELPER} signals
        ready=exec:test -f {DIR}/ready
        ready_interval=0.2
        ready_timeout=0
        startsecs=0

        [program:app]
        command={HELPER} signals
        depends_on=db
        startsecs=0
        """;

    private static (int Code, string Output) Supernetctl(SupervisorRun run, params string[] args) =>
        SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, .. args]);

    private static JsonElement Api(SupervisorRun run, string name)
    {
        var (code, body) = SupervisorRun.Run("/usr/bin/curl", ["-sS", "--unix-socket", run.SocketPath, $"http://localhost/api/v1/processes/{name}"]);
        Assert.True(code == 0, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string[] WaitingFor(JsonElement process) =>
        [.. process.GetProperty("waiting_for").EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public void A_program_waiting_for_its_dependency_says_for_which_and_why_until_it_starts()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, Config);
        run.WaitForLog("not starting app yet: waiting for db to be ready (depends_on)");
        // Lines in start order (priority, then name); db's carries its probe's last answer.
        Wait.Until(() => Supernetctl(run, "health") is (1, var lines)
            && lines.StartsWith("app STOPPED waiting for db to be ready (depends_on)\ndb STARTING", StringComparison.Ordinal),
            "health to say app waits for db");
        Assert.Matches(new Regex(@"^app +STOPPED +not-ready +waiting for db to be ready \(depends_on\)$", RegexOptions.Multiline),
            Supernetctl(run, "status").Output);
        // The real supervisorctl prints the server's description as it is.
        Assert.Matches(@"^app +STOPPED +waiting for db to be ready \(depends_on\)\n$", run.Ctl("status", "app").Output);
        var app = Api(run, "app");
        Assert.Equal("STOPPED", app.GetProperty("statename").GetString());
        Assert.Equal("not_ready", app.GetProperty("waiting").GetString());
        Assert.Equal(["db"], WaitingFor(app));
        Assert.Equal("waiting for db to be ready (depends_on)", app.GetProperty("description").GetString());
        // Only depends_on= programs carry the fields.
        Assert.False(Api(run, "db").TryGetProperty("waiting", out _));

        File.WriteAllText(run.Dir.File("ready"), "");
        run.WaitForLog("success: app entered RUNNING state");
        Wait.Until(() => Supernetctl(run, "health") == (0, "ok\n"), "health to answer ok once app runs");
        app = Api(run, "app");
        Assert.Equal("", app.GetProperty("waiting").GetString());
        Assert.Empty(WaitingFor(app));
        Assert.StartsWith("pid ", app.GetProperty("description").GetString(), StringComparison.Ordinal);
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    [Fact]
    public void A_program_held_back_by_a_fatal_dependency_says_so_and_a_stop_ends_the_wait()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:db]
            command={HELPER} exit 1
            startretries=0

            [program:app]
            command={HELPER} signals
            depends_on=db
            """);
        run.WaitForLog("not starting app yet: waiting for db, which is FATAL (depends_on)");
        Wait.Until(() => Supernetctl(run, "health").Output.Contains("app STOPPED waiting for db, which is FATAL (depends_on)\n",
            StringComparison.Ordinal), "health to say app waits for a FATAL db");
        var app = Api(run, "app");
        Assert.Equal("fatal", app.GetProperty("waiting").GetString());
        Assert.Equal(["db"], WaitingFor(app));

        // `stop app` drops its pending start: it waits for nothing any more, and says supervisord's "Not started".
        Assert.Equal((0, "app: stopped\n"), Supernetctl(run, "stop", "app"));
        app = Api(run, "app");
        Assert.Equal("", app.GetProperty("waiting").GetString());
        Assert.Equal("Not started", app.GetProperty("description").GetString());
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }
}
