using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

public sealed class ShellSupervisord() : Supervisord(ctlSection: null, programs: Supervisord.Programs);

/// <summary>The interactive shell through a pseudo-terminal: status first, the prompt, Tab completion, history, exit.</summary>
public sealed class ShellTests(ShellSupervisord server) : IClassFixture<ShellSupervisord>
{
    [Fact]
    public void Shell_session_looks_the_same()
    {
        var real = Session(Clients.Supervisorctl, "real", out var realHistory);
        var ours = Session($"dotnet {Clients.CtlDll}", "ours", out var oursHistory);
        Assert.Equal(Normalize.Text(real), Normalize.Text(ours));
        Assert.Equal(realHistory, oursHistory);
    }

    [Fact]
    public void Ctrl_c_at_the_prompt_leaves_the_shell()
    {
        string Run(string client, string name)
        {
            var marker = $"exited-{name}-$?";
            using var tmux = new Tmux(server.Dir, $"{client} -c {server.ConfigPath}; echo {marker}; sleep 30");
            tmux.WaitForScreen(s => s.TrimEnd().EndsWith("supervisor>", StringComparison.Ordinal), "the prompt");
            tmux.Type("stat");
            // Ctrl-C flushes the terminal's unread input: wait until the line editor has echoed the text,
            // else whether "stat" shows depends on how soon the client read it.
            tmux.WaitForScreen(s => s.TrimEnd().EndsWith("supervisor> stat", StringComparison.Ordinal), "the typed text");
            tmux.Keys("C-c");
            tmux.WaitForScreen(s => s.Contains($"exited-{name}-", StringComparison.Ordinal), "the shell to exit");
            return Normalize.Text(tmux.Screen()).Replace(name, "client", StringComparison.Ordinal);
        }

        Assert.Equal(Run(Clients.Supervisorctl, "real"), Run($"dotnet {Clients.CtlDll}", "ours"));
    }

    /// <summary>
    /// fg from the shell on a terminal: typed lines reach the program's stdin and come back through its
    /// log; Ctrl-C returns to the prompt. (supervisorctl is not compared: its log thread outlives fg and
    /// keeps the process from exiting afterwards.)
    /// </summary>
    [Fact]
    public void Fg_in_the_shell_returns_to_the_prompt_on_ctrl_c()
    {
        using var tmux = new Tmux(server.Dir, $"dotnet {Clients.CtlDll} -c {server.ConfigPath}; echo exited-$?; sleep 30");
        tmux.WaitForScreen(s => s.TrimEnd().EndsWith("supervisor>", StringComparison.Ordinal), "the prompt");
        tmux.Type("fg cat");
        tmux.Keys("Enter");
        tmux.WaitForScreen(s => s.Contains("==> Press Ctrl-C to exit <==", StringComparison.Ordinal), "the fg banner");
        var marker = "typed-" + Guid.NewGuid().ToString("N");
        tmux.Type(marker);
        tmux.Keys("Enter");
        tmux.WaitForScreen(s => s.Split('\n').Count(l => l.Trim() == marker) == 2, "the typed line and its echo from the log");
        tmux.Keys("C-c");
        tmux.WaitForScreen(s => s.TrimEnd().EndsWith("Exiting foreground\nsupervisor>", StringComparison.Ordinal), "the prompt after fg");
        tmux.Type("exit");
        tmux.Keys("Enter");
        tmux.WaitForScreen(s => s.Contains("exited-0", StringComparison.Ordinal), "the shell to exit with status 0");
    }

    [Fact]
    public void Shell_reading_a_pipe_prints_prompts_and_ends_at_eof()
    {
        const string input = "status sleeper\nnosuch\n\nversion\nstop nosuch\n";
        string[] args = ["-c", server.ConfigPath];
        var real = Normalize.Result(Clients.Real(args, input));
        var ours = Normalize.Result(Clients.OursProcess(args, input));
        Assert.Equal(real, ours);
        Assert.Equal(0, ours.ExitCode);
        Assert.EndsWith("supervisor> \n", ours.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Interactive_option_with_an_action_asks_before_shutdown()
    {
        string[] args = ["-c", server.ConfigPath, "-i", "shutdown"];
        var real = Normalize.Result(Clients.Real(args, "n\n"));
        var ours = Normalize.Result(Clients.OursProcess(args, "n\n"));
        Assert.Equal(real, ours);
        Assert.Equal("Really shut the remote supervisord process down y/N? ", ours.Stdout);
    }

    // End of input at the question is Python's EOFError (exit 1 for a one-shot action), not a "no"; the
    // server is left running either way.
    [Theory]
    [InlineData("shutdown")]
    [InlineData("reload")]
    public void Input_ending_at_the_confirmation_is_an_EOFError(string action)
    {
        string[] args = ["-c", server.ConfigPath, "-i", action];
        var real = Normalize.Result(Clients.Real(args, ""));
        var ours = Normalize.Result(Clients.OursProcess(args, ""));
        Assert.Equal(real.Stdout, ours.Stdout);
        Assert.Equal(real.ExitCode, ours.ExitCode);
        Assert.Contains("error: <class 'EOFError'>, EOF when reading a line", ours.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("shutdown\n")]
    [InlineData("reload\n")]
    public void Shell_input_ending_at_the_confirmation_is_an_EOFError(string input)
    {
        string[] args = ["-c", server.ConfigPath];
        var real = Normalize.Result(Clients.Real(args, input));
        var ours = Normalize.Result(Clients.OursProcess(args, input));
        Assert.Equal(real.Stdout, ours.Stdout);
        Assert.Equal(real.ExitCode, ours.ExitCode);
        Assert.Contains("error: <class 'EOFError'>", ours.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// Tab offers supernetctl's own commands (health) under its own name; under a link named supervisorctl (the
    /// image's) the words are supervisorctl's alone, as the real one's: "hea" completes to nothing there.
    /// </summary>
    [Fact]
    public void Tab_completes_health_under_supernetctls_name_only()
    {
        string Complete(string client)
        {
            using var tmux = new Tmux(server.Dir, $"{client} -c {server.ConfigPath}");
            tmux.WaitForScreen(s => s.TrimEnd().EndsWith("supervisor>", StringComparison.Ordinal), "the prompt");
            tmux.Type("hea");
            tmux.Keys("Tab");
            // A key typed after Tab is drawn after whatever Tab inserted, so its echo shows Tab was handled.
            tmux.Type("Z");
            tmux.WaitForScreen(s => s.TrimEnd().EndsWith("Z", StringComparison.Ordinal), "the key typed after Tab");
            var line = tmux.Screen().TrimEnd().Split('\n')[^1];
            tmux.Keys("C-u");
            tmux.Type("exit");
            tmux.Keys("Enter");
            Wait.Until(() => !tmux.Alive, "the shell to exit");
            return line;
        }

        var link = Path.Combine(server.Dir, "bin", "supervisorctl");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        if (!File.Exists(link))
        {
            File.CreateSymbolicLink(link, Binaries.Supernetctl);
        }

        Assert.Equal("supervisor> health Z", Complete(Binaries.Supernetctl));
        Assert.Equal("supervisor> heaZ", Complete(Clients.Supervisorctl));
        Assert.Equal("supervisor> heaZ", Complete(link));
    }

    private string Session(string client, string name, out string history)
    {
        // history_file comes from [supervisorctl]: upstream's -r option sets an attribute nothing reads.
        var historyFile = Path.Combine(server.Dir, name + ".history");
        File.WriteAllText(historyFile, "previous command\n");
        var config = Path.Combine(server.Dir, name + ".conf");
        File.WriteAllText(config, $"[supervisorctl]\nserverurl={server.SocketUrl}\nhistory_file={historyFile}\n");
        using var tmux = new Tmux(server.Dir, $"{client} -c {config}");
        tmux.WaitForScreen(s => s.TrimEnd().EndsWith("supervisor>", StringComparison.Ordinal), "the prompt");

        tmux.Type("status slee");
        tmux.Keys("Tab");
        tmux.WaitForScreen(s => s.Contains("supervisor> status sleeper", StringComparison.Ordinal), "completion of a process name");
        tmux.Keys("Enter");
        tmux.WaitForScreen(s => s.Split('\n').Count(l => l.StartsWith("supervisor>", StringComparison.Ordinal)) == 2, "the second prompt");

        tmux.Type("ver");
        tmux.Keys("Tab");
        tmux.WaitForScreen(s => s.Contains("supervisor> version", StringComparison.Ordinal), "completion of a command");
        tmux.Keys("Enter");
        tmux.WaitForScreen(s => s.Split('\n').Count(l => l.StartsWith("supervisor>", StringComparison.Ordinal)) == 3, "the third prompt");

        tmux.Type("tail -f echoer");
        tmux.Keys("Enter");
        tmux.WaitForScreen(s => s.Contains("==> Press Ctrl-C to exit <==\nhello", StringComparison.Ordinal), "the followed log");
        tmux.Keys("C-c");
        tmux.WaitForScreen(s => s.Split('\n').Count(l => l.StartsWith("supervisor>", StringComparison.Ordinal)) == 4, "the prompt after Ctrl-C");

        tmux.Type("pid grp:");
        tmux.Keys("Tab");
        tmux.Type("a");
        tmux.Keys("Enter");
        tmux.WaitForScreen(s => s.Split('\n').Count(l => l.StartsWith("supervisor>", StringComparison.Ordinal)) == 5, "the fifth prompt");

        tmux.Type("status ");
        tmux.Keys("Tab");
        tmux.Keys("Tab");
        tmux.WaitForScreen(s => s.Split('\n').Count(l => l.StartsWith("supervisor>", StringComparison.Ordinal)) == 6, "the listed candidates");
        tmux.Keys("C-u");
        tmux.WaitForScreen(s => s.TrimEnd().EndsWith("supervisor>", StringComparison.Ordinal), "the line cleared");

        tmux.Keys("Up");
        tmux.WaitForScreen(s => s.TrimEnd().EndsWith("supervisor> pid grp:a", StringComparison.Ordinal), "history recall");
        tmux.Keys("C-u");
        tmux.WaitForScreen(s => s.TrimEnd().EndsWith("supervisor>", StringComparison.Ordinal), "the line cleared");

        var screen = tmux.Screen();
        tmux.Type("exit");
        tmux.Keys("Enter");
        Wait.Until(() => !tmux.Alive, "the shell to exit");
        history = File.ReadAllText(historyFile);
        return screen;
    }
}
