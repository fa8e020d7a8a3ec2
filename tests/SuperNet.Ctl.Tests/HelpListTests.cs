using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

/// <summary>
/// `help` lists supernetctl's own commands (health) so users find them: supervisorctl's table unchanged, byte for
/// byte, and SuperNet's in a block after it; under the supervisorctl name (the image's link) only supervisorctl's.
/// </summary>
public sealed class HelpListTests
{
    private static readonly string[] Args = ["-s", "unix:///nonexistent/supervisor.sock", "help"];

    [Fact]
    public void Supernetctl_lists_its_own_commands_after_supervisorctls_unchanged_table()
    {
        var real = Clients.Real(Args);
        Assert.Equal(0, real.ExitCode);
        Assert.Contains("default commands (type help <topic>):", real.Stdout, StringComparison.Ordinal);
        var ours = Clients.Ours(Args, "/usr/local/bin/supernetctl");
        Assert.Equal(new CtlResult(real.Stdout + "SuperNet commands (type help <topic>):\n" + new string('=', 38) + "\nhealth\n\n", "", 0), ours);
    }

    [Theory]
    [InlineData("/usr/bin/supervisorctl")]
    [InlineData("supervisorctl")]
    public void Under_the_supervisorctl_name_help_is_supervisorctls_alone(string programPath) =>
        Assert.Equal(Clients.Real(Args), Clients.Ours(Args, programPath));

    [Fact]
    public void Help_health_names_a_finished_one_shot_job_as_healthy_as_the_command_and_docs_do()
    {
        // A migration beside the services is EXITED for good and health answers ok (docs/containers.md): the help
        // text said only "RUNNING and ready", which that container never is.
        var help = Clients.Ours(["-s", "unix:///nonexistent/supervisor.sock", "help", "health"], "supernetctl");
        Assert.Equal(new CtlResult(
            "health\t\t\tExit 0 when every autostarted process is RUNNING and ready\n" +
            "\t\t\tor is a one-shot job that has finished, else 1 and a line\n" +
            "\t\t\tper process that is not\n", "", 0), help);
    }

    [Fact]
    public void Every_command_help_lists_has_its_own_help_text()
    {
        foreach (var command in SuperNet.Ctl.Commands.CommandTable.SuperNetCommands)
        {
            var help = Clients.Ours(["-s", "unix:///nonexistent/supervisor.sock", "help", command], "supernetctl");
            Assert.Equal(0, help.ExitCode);
            Assert.StartsWith(command, help.Stdout, StringComparison.Ordinal);
        }
    }
}
