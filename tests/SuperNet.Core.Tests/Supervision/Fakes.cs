using System.IO.Pipes;
using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Config;
using SuperNet.Core.Logging;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;

namespace SuperNet.Core.Tests.Supervision;

/// <summary>Hands out pids from 100 up; a failure rule can turn a spawn into an errno.</summary>
internal sealed class FakeSpawner : IProcessSpawner
{
    private readonly object gate = new();
    private int nextPid = 100;
    public List<SpawnRequest> Requests { get; } = [];
    /// <summary>When each request came, by <see cref="Clock"/>.</summary>
    public List<TimeSpan> Times { get; } = [];
    public Func<TimeSpan> Clock { get; set; } = () => TimeSpan.Zero;
    public Func<SpawnRequest, SpawnResult?>? Rule { get; set; }
    public Func<ChildPipes?>? Pipes { get; set; }
    /// <summary>Pipes chosen per request (by command); wins over <see cref="Pipes"/>.</summary>
    public Func<SpawnRequest, ChildPipes?>? PipesFor { get; set; }

    public SpawnResult Spawn(SpawnRequest request)
    {
        lock (gate)
        {
            Requests.Add(request);
            Times.Add(Clock());
            if (Rule?.Invoke(request) is { } forced)
            {
                return forced;
            }
            return new SpawnResult(nextPid++, PipesFor is { } choose ? choose(request) : Pipes?.Invoke(), 0, null);
        }
    }

    public int LastPid
    {
        get
        {
            lock (gate)
            {
                return nextPid - 1;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return Requests.Count;
            }
        }
    }
}

/// <summary>Pipe ends as the spawner hands them over: owned by whoever receives them.</summary>
internal static class PipeEnds
{
    /// <summary>The client end of <paramref name="pipe"/>, which the pipe stream no longer closes: the handle returned does.</summary>
    public static SafeFileHandle Take(AnonymousPipeServerStream pipe)
    {
        var end = new SafeFileHandle(pipe.ClientSafePipeHandle.DangerousGetHandle(), ownsHandle: true);
        pipe.ClientSafePipeHandle.SetHandleAsInvalid();
        return end;
    }
}

internal sealed record SentSignal(int Pid, int Signal, bool Group);

internal sealed class FakeSignaller : IProcessSignaller
{
    private readonly object gate = new();
    private readonly List<SentSignal> sent = [];
    public Func<int, int, int> Errno { get; set; } = (_, _) => 0;

    public int Signal(int pid, int signal, bool processGroup)
    {
        lock (gate)
        {
            sent.Add(new SentSignal(pid, signal, processGroup));
        }
        return Errno(pid, signal);
    }

    public IReadOnlyList<SentSignal> Sent
    {
        get
        {
            lock (gate)
            {
                return [.. sent];
            }
        }
    }
}

internal sealed class FakePump : IOutputPump
{
    /// <summary>Each pipe with the pid of the spawn it belongs to (pipes are added right after their spawn).</summary>
    public List<(SafeFileHandle Handle, IOutputSink Sink, int Pid)> Added { get; } = [];
    public Func<int> CurrentPid { get; set; } = () => 0;

    public void Add(SafeFileHandle readEnd, IOutputSink sink)
    {
        lock (Added)
        {
            Added.Add((readEnd, sink, CurrentPid()));
        }
    }

    private readonly HashSet<IOutputSink> closed = new(ReferenceEqualityComparer.Instance);
    private readonly List<Action> drains = [];

    /// <summary>Drains asked for and not yet answered (see <see cref="AnswerDrains"/>).</summary>
    public int PendingDrains
    {
        get
        {
            lock (drains)
            {
                return drains.Count;
            }
        }
    }

    public void Drain(IReadOnlyList<SafeFileHandle> readEnds, Action done)
    {
        lock (drains)
        {
            drains.Add(done);
        }
    }

    public void DrainAndClose(SafeFileHandle readEnd)
    {
        IOutputSink? sink;
        lock (Added)
        {
            sink = Added.Where(a => a.Handle == readEnd && closed.Add(a.Sink)).Select(a => a.Sink).FirstOrDefault();
        }
        sink?.OnClosed();
    }

    /// <summary>The pump has read what the pipes held, and they are still open (a grandchild holds them).</summary>
    public void AnswerDrains()
    {
        List<Action> answered;
        lock (drains)
        {
            answered = [.. drains];
            drains.Clear();
        }
        foreach (var done in answered)
        {
            done();
        }
    }

    /// <summary>
    /// End of file on every pipe of <paramref name="pid"/>, as when a child exits without children of its own.
    /// A pipe reaches end of file once: closing it again does nothing, as with the real pump.
    /// </summary>
    public void Close(int pid)
    {
        List<IOutputSink> sinks;
        lock (Added)
        {
            sinks = [.. Added.Where(a => a.Pid == pid && closed.Add(a.Sink)).Select(a => a.Sink)];
        }
        foreach (var sink in sinks)
        {
            sink.OnClosed();
        }
    }
}

internal sealed class FakeProbe : IExecutableProbe
{
    public HashSet<string> Denied { get; } = [];
    public bool CanExecute(string path) => !Denied.Contains(path);
}

/// <summary>Opens with FileStream: the engine's tests name only regular files (the real opener's refusals are SuperNet.Linux's).</summary>
internal sealed class PlainFileOpener : IRegularFileOpener
{
    public static readonly PlainFileOpener Instance = new();
    public Stream OpenRead(string path) => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
}

/// <summary>Whitespace splitting with quote detection: enough for the engine's tests (the real shlex is the config's).</summary>
internal sealed class SimpleSplitter : ICommandSplitter
{
    public bool TrySplit(string command, out IReadOnlyList<string> words, out string error)
    {
        words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (command.Count(c => c == '"') % 2 == 1 || command.Count(c => c == '\'') % 2 == 1)
        {
            error = "No closing quotation";
            return false;
        }
        error = "";
        return true;
    }
}

internal sealed class RecordingEvents : ISupervisorEvents
{
    private readonly object gate = new();
    private readonly List<string> seen = [];
    private volatile bool throwing;

    public bool Throw
    {
        get => throwing;
        set => throwing = value;
    }

    public void ProcessStateChanged(ProcessStateChange change)
    {
        if (Throw)
        {
            throw new InvalidOperationException("sink broke");
        }
        Add($"{change.ProcessName}:{change.From.Name()}->{change.To.Name()} pid={change.Pid} tries={change.Tries} expected={change.Expected}");
    }

    public void GroupAdded(string group) => Add("added " + group);
    public void GroupRemoved(string group) => Add("removed " + group);
    public void SupervisorRunning() => Add("RUNNING");
    public void SupervisorStopping() => Add("STOPPING");

    private void Add(string text)
    {
        lock (gate)
        {
            seen.Add(text);
        }
    }

    public IReadOnlyList<string> Seen
    {
        get
        {
            lock (gate)
            {
                return [.. seen];
            }
        }
    }
}

internal sealed class FakeChildLogs : IChildLogFactory
{
    public List<string> Created { get; } = [];
    /// <summary>Process names whose logs clearProcessLogs truncated.</summary>
    public List<string> Cleared { get; } = [];

    public IProcessLogs Create(GroupConfig group, ProcessConfig process)
    {
        Created.Add(group.Name + ":" + process.Name);
        return new Logs(process, Cleared);
    }

    private sealed class Logs(ProcessConfig process, List<string> cleared) : IProcessLogs
    {
        public string StdoutLogfile => $"/logs/{process.Name}-stdout.log";
        public string StderrLogfile => process.RedirectStderr ? "" : $"/logs/{process.Name}-stderr.log";
        public IOutputSink OpenSink(string channel, OutputHooks? hooks = null) => new Sink(hooks);
        public void Clear() => cleared.Add(process.Name);
        public void Reopen()
        {
        }

        public void Dispose()
        {
        }
    }

    /// <summary>Logs nothing; reports every chunk as logged, so PROCESS_LOG events can be tested.</summary>
    private sealed class Sink(OutputHooks? hooks) : IOutputSink
    {
        public void OnData(ReadOnlySpan<byte> data) => hooks?.OnLogged?.Invoke(data.ToArray());

        public void OnClosed()
        {
        }
    }
}
