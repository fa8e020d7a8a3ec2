using SuperNet.Core.Os;
using SuperNet.Core.Supervision;

namespace SuperNet.Daemon;

/// <summary>
/// Routes signals and reaped pids to the current generation's supervisor. Between generations (and before
/// the first) they are held, so an orphan reaped or a SIGTERM received during a reload is not lost.
/// </summary>
internal sealed class SignalRouter
{
    private readonly object gate = new();
    private readonly List<Action<Supervisor>> held = [];
    private Supervisor? current;

    public void OnSignal(int signal) => Deliver(s => s.PostSignal(signal));

    public void OnChildExit(int pid, WaitStatus status) => Deliver(s => s.PostChildExit(pid, status));

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
