using System.Diagnostics;

namespace SuperNet.Ctl.Tests.Harness;

/// <summary>A program in a tmux pane on a private tmux server: a real pseudo-terminal, typed keys, the rendered screen.</summary>
public sealed class Tmux : IDisposable
{
    private readonly string socket;
    private const string Session = "ctl";

    public Tmux(string dir, string commandLine)
    {
        // One server per instance: kill-server returns before the old server is gone, so a session started
        // right after on the same socket can land on the dying server and vanish with it.
        socket = Path.Combine(dir, $"tmux-{Guid.NewGuid():N}.sock");
        Run("new-session", "-d", "-s", Session, "-x", "160", "-y", "50", commandLine);
    }

    public string Screen() => Run("capture-pane", "-p", "-t", Session).Stdout;

    public void Keys(params string[] keys) => Run(["send-keys", "-t", Session, .. keys]);

    public void Type(string text) => Run("send-keys", "-t", Session, "-l", text);

    public void WaitForScreen(Func<string, bool> condition, string what)
    {
        try
        {
            Wait.Until(() => condition(Screen()), what);
        }
        catch (TimeoutException e)
        {
            var panes = Run("list-panes", "-t", Session, "-F", "#{pane_pid} #{pane_dead} #{pane_current_command}").Stdout;
            throw new TimeoutException($"{e.Message}; panes: {panes}; screen:\n{Screen().TrimEnd()}", e);
        }
    }

    public bool Alive => Run("has-session", "-t", Session).ExitCode == 0;

    public void Dispose() => Run("kill-server");

    private CtlResult Run(params string[] args) => ProcessRun.Run("tmux", ["-S", socket, .. args]);
}
