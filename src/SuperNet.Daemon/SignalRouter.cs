using SuperNet.Core.Config;
using SuperNet.Core.Logging;
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
    // The reaper's lines, oldest first, until the writer takes them; kept apart from `held` because they are written
    // off the gate (see Log).
    private readonly Queue<(LogLevel Level, string Message)> notes = new();
    private Supervisor? current;
    private bool writing;

    public void OnSignal(int signal) => Deliver(s => s.PostSignal(signal));

    public void OnChildExit(int pid, WaitStatus status) => Deliver(s => s.PostChildExit(pid, status));

    /// <summary>
    /// A main log line from a thread that outlives generations (the reaper's), logged by the current one on a
    /// thread-pool thread. A write to the main log can block (its file a pipe nobody reads): written on the reaper's
    /// thread, or under the gate the reaper's exits pass, it would stop reaping and restarts with it. Not on the
    /// supervisor's thread either, which would stop for a line it does not otherwise write (loglevel=warn, say).
    /// </summary>
    public void Log((LogLevel Level, string Message) line)
    {
        lock (gate)
        {
            notes.Enqueue(line);
            StartWriterLocked();
        }
    }

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
            StartWriterLocked();
        }
    }

    /// <summary>
    /// After this no line reaches the generation's log, which its caller then closes; a line being written now is
    /// waited for (a closed log would reopen its file for it and never close it again).
    /// </summary>
    public void Detach()
    {
        lock (gate)
        {
            current = null;
            while (writing)
            {
                Monitor.Wait(gate);
            }
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

    // One writer at a time keeps the lines in order; a line that finds no generation waits for the next.
    private void StartWriterLocked()
    {
        if (!writing && current is not null && notes.Count > 0)
        {
            writing = true;
            ThreadPool.UnsafeQueueUserWorkItem(static router => router.WriteNotes(), this, preferLocal: false);
        }
    }

    private void WriteNotes()
    {
        while (true)
        {
            IMainLog log;
            (LogLevel Level, string Message) line;
            lock (gate)
            {
                if (current is null || notes.Count == 0)
                {
                    writing = false;
                    Monitor.PulseAll(gate);
                    return;
                }
                log = current.Log;
                line = notes.Dequeue();
            }
            log.Log(line.Level, line.Message);
        }
    }
}
