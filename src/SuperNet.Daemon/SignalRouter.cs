using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Supervision;

namespace SuperNet.Daemon;

/// <summary>
/// Routes signals, reaped pids and the reaper's log lines to the current generation's supervisor. Between
/// generations (and before the first) they are held, so an orphan reaped or a SIGTERM received during a reload is
/// not lost.
/// </summary>
internal sealed class SignalRouter
{
    private readonly object gate = new();
    private readonly List<Action<Supervisor>> held = [];
    private Supervisor? current;

    public void OnSignal(int signal) => Deliver(s => s.PostSignal(signal));

    public void OnChildExit(int pid, WaitStatus status) => Deliver(s => s.PostChildExit(pid, status));

    /// <summary>A main log line from a thread that outlives generations (the reaper's): logged by the current one.</summary>
    public void Log((LogLevel Level, string Message) line) => Deliver(s => s.Log.Log(line.Level, line.Message));

    public void Attach(Supervisor supervisor)
    {
        lock (gate)
        {
            current = supervisor;
            foreach (var action in held)
            {
                action(supervisor);
            }
            held.Clear();
        }
    }

    public void Detach()
    {
        lock (gate)
        {
            current = null;
        }
    }

    private void Deliver(Action<Supervisor> action)
    {
        lock (gate)
        {
            if (current is { } s)
            {
                action(s);
            }
            else
            {
                held.Add(action);
            }
        }
    }
}
