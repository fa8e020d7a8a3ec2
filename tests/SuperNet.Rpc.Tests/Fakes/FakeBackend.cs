using System.Globalization;
using SuperNet.Core.Config;
using SuperNet.Core.Processes;
using SuperNet.Rpc;
using SuperNet.Rpc.Backend;

namespace SuperNet.Rpc.Tests.Fakes;

/// <summary>
/// An in-memory supervisor with supervisord's observable rules for the RPC layer to drive: state checks,
/// faults and wait semantics. Processes never really run; a start moves straight to RUNNING unless a
/// test holds it in STARTING with <see cref="HoldStarts"/>.
/// </summary>
public sealed class FakeBackend : ISupervisorBackend
{
    private readonly Lock _lock = new();
    private readonly List<GroupConfig> _available;
    private readonly List<string> _active;
    private readonly Dictionary<ProcessKey, FakeProcess> _processes = [];
    private int _nextPid = 4000;
    private volatile bool _shuttingDown;

    public FakeBackend(IEnumerable<GroupConfig> groups, string? mainLog)
    {
        _available = [.. groups];
        _active = [.. _available.Select(g => g.Name)];
        MainLogfile = mainLog;
        foreach (var g in _available)
        {
            Create(g);
        }
    }

    public string Identification { get; init; } = "supervisor";
    public string SupervisorVersion => "4.2.5";
    public int Pid => Environment.ProcessId;
    public bool IsShuttingDown => _shuttingDown;
    public string? MainLogfile { get; }
    public long Now { get; set; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>Commands the fake pretends are not on PATH: starting them faults NO_FILE.</summary>
    public HashSet<string> MissingCommands { get; } = [];

    /// <summary>When set, starts stay in STARTING until the test calls <see cref="Finish"/>.</summary>
    public bool HoldStarts { get; set; }

    public List<(ProcessKey Key, int Signal)> Signals { get; } = [];
    public List<(ProcessKey Key, string Chars)> Stdin { get; } = [];
    public List<(string Type, string Data)> RemoteEvents { get; } = [];
    public int ShutdownRequests { get; private set; }
    public int RestartRequests { get; private set; }

    public void Autostart()
    {
        lock (_lock)
        {
            foreach (var p in _processes.Values.Where(p => p.Config.AutoStart))
            {
                Run(p);
            }
        }
    }

    public SupervisorSnapshot GetSnapshot()
    {
        lock (_lock)
        {
            var groups = _available.Where(g => _active.Contains(g.Name))
                .OrderBy(g => _active.IndexOf(g.Name))
                .Select(g => new GroupSnapshot(g.Name, g.Priority,
                    [.. g.Processes.Select(p => _processes[new ProcessKey(g.Name, p.Name)].Snapshot(Now))]))
                .ToList();
            return new SupervisorSnapshot(Now, groups);
        }
    }

    public IReadOnlyList<AvailableGroup> GetAvailableGroups()
    {
        lock (_lock)
        {
            return [.. _available.Select(g => new AvailableGroup(g, _active.Contains(g.Name)))];
        }
    }

    public Task<PendingChange> StartProcessAsync(ProcessKey key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var p = Get(key);
            var program = p.Config.Command.Split(' ')[0];
            if (MissingCommands.Contains(program))
            {
                throw new RpcFaultException(Faults.NoFile, $"can't find command '{program}'");
            }
            switch (p.State)
            {
                case ProcessState.Starting or ProcessState.Running or ProcessState.Backoff:
                    throw new RpcFaultException(Faults.AlreadyStarted, key.Process);
                case ProcessState.Unknown:
                    throw new RpcFaultException(Faults.Failed, $"{key.Process} is in an unknown process state");
                case ProcessState.Stopping:
                    return Task.FromResult(new PendingChange(Task.FromException(new RpcFaultException(Faults.AbnormalTermination, key.Process))));
            }
            if (HoldStarts)
            {
                p.State = ProcessState.Starting;
                p.Pid = ++_nextPid;
                p.Start = Now;
                p.Started = new TaskCompletionSource();
                return Task.FromResult(new PendingChange(p.Started.Task));
            }
            Run(p);
            return Task.FromResult(PendingChange.Done);
        }
    }

    /// <summary>Ends a held start: RUNNING, or BACKOFF with a spawn error.</summary>
    public void Finish(string group, string process, bool running)
    {
        lock (_lock)
        {
            var p = Get(new ProcessKey(group, process));
            if (running)
            {
                p.State = ProcessState.Running;
                p.Started!.SetResult();
            }
            else
            {
                p.State = ProcessState.Backoff;
                p.Pid = 0;
                p.SpawnError = "Exited too quickly (process log may have details)";
                p.Started!.SetException(new RpcFaultException(Faults.SpawnError, process));
            }
        }
    }

    public Task<PendingChange> StopProcessAsync(ProcessKey key, bool wait, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var p = Get(key);
            if (p.State is not (ProcessState.Starting or ProcessState.Running or ProcessState.Backoff))
            {
                throw new RpcFaultException(Faults.NotRunning, key.Process);
            }
            p.Started?.TrySetException(new RpcFaultException(Faults.AbnormalTermination, key.Process));
            if (p.Pid != 0)
            {
                p.ExitStatus = -1; // stopsignal deaths report -1
            }
            p.State = ProcessState.Stopped;
            p.Pid = 0;
            p.Stop = Now;
            return Task.FromResult(PendingChange.Done);
        }
    }

    public Task SignalProcessAsync(ProcessKey key, int signal, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var p = Get(key);
            if (p.State is not (ProcessState.Starting or ProcessState.Running or ProcessState.Stopping))
            {
                throw new RpcFaultException(Faults.NotRunning, key.Process);
            }
            Signals.Add((key, signal));
            return Task.CompletedTask;
        }
    }

    public Task SendProcessStdinAsync(ProcessKey key, string chars, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var p = Get(key);
            if (p.Pid == 0 || p.State == ProcessState.Stopping)
            {
                throw new RpcFaultException(Faults.NotRunning, key.Process);
            }
            Stdin.Add((key, chars));
            return Task.CompletedTask;
        }
    }

    public Task ClearProcessLogsAsync(ProcessKey key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var p = Get(key);
            if (p.Pid != 0)
            {
                foreach (var path in new[] { p.Config.Stdout.Path, p.Config.Stderr.Path })
                {
                    if (path is not null)
                    {
                        File.WriteAllBytes(path, []);
                    }
                }
            }
            return Task.CompletedTask;
        }
    }

    public Task ClearMainLogAsync(CancellationToken cancellationToken)
    {
        if (MainLogfile is null || !File.Exists(MainLogfile))
        {
            throw new RpcFaultException(Faults.NoFile, MainLogfile);
        }
        File.WriteAllBytes(MainLogfile, []);
        return Task.CompletedTask;
    }

    public Task<ConfigDiff> ReloadConfigAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var available = _available.Select(g => g.Name).ToList();
            return Task.FromResult(new ConfigDiff(
                [.. available.Where(n => !_active.Contains(n))], [], [.. _active.Where(n => !available.Contains(n))]));
        }
    }

    public Task AddProcessGroupAsync(string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var config = _available.FirstOrDefault(g => g.Name == name) ?? throw new RpcFaultException(Faults.BadName, name);
            if (_active.Contains(name))
            {
                throw new RpcFaultException(Faults.AlreadyAdded, name);
            }
            _active.Add(name);
            Create(config);
            return Task.CompletedTask;
        }
    }

    public Task RemoveProcessGroupAsync(string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_active.Contains(name))
            {
                throw new RpcFaultException(Faults.BadName, name);
            }
            var members = _processes.Values.Where(p => p.Group == name).ToList();
            if (members.Any(p => !p.State.IsStopped()))
            {
                throw new RpcFaultException(Faults.StillRunning, name);
            }
            _active.Remove(name);
            foreach (var p in members)
            {
                _processes.Remove(new ProcessKey(name, p.Config.Name));
            }
            return Task.CompletedTask;
        }
    }

    public void RequestShutdown()
    {
        ShutdownRequests++;
        _shuttingDown = true;
    }

    public void RequestRestart()
    {
        RestartRequests++;
        _shuttingDown = true;
    }

    public void SendRemoteCommEvent(string type, string data)
    {
        lock (_lock)
        {
            RemoteEvents.Add((type, data));
        }
    }

    private FakeProcess Get(ProcessKey key) =>
        _processes.GetValueOrDefault(key) ?? throw new RpcFaultException(Faults.BadName, key.Process);

    private void Create(GroupConfig g)
    {
        foreach (var p in g.Processes)
        {
            _processes[new ProcessKey(g.Name, p.Name)] = new FakeProcess(g.Name, p);
        }
    }

    private void Run(FakeProcess p)
    {
        p.State = ProcessState.Running;
        p.Pid = ++_nextPid;
        p.Start = Now;
        p.ExitStatus = 0;
        if (p.Config.Stdout.Path is { } path && !File.Exists(path))
        {
            File.WriteAllBytes(path, []);
        }
    }

    private sealed class FakeProcess(string group, ProcessConfig config)
    {
        public string Group { get; } = group;
        public ProcessConfig Config { get; } = config;
        public ProcessState State { get; set; } = ProcessState.Stopped;
        public int Pid { get; set; }
        public long Start { get; set; }
        public long Stop { get; set; }
        public string SpawnError { get; set; } = "";
        public int ExitStatus { get; set; }
        public TaskCompletionSource? Started { get; set; }

        public ProcessSnapshot Snapshot(long now) => new()
        {
            Name = Config.Name,
            Group = Group,
            Priority = Config.Priority,
            State = State,
            Start = Start,
            Stop = Stop,
            Pid = Pid,
            SpawnError = SpawnError,
            ExitStatus = ExitStatus,
            StdoutLogfile = Config.Stdout.Path,
            StderrLogfile = Config.RedirectStderr ? null : Config.Stderr.Path,
            Description = State switch
            {
                ProcessState.Running => $"pid {Pid}, uptime 0:00:{Math.Clamp(now - Start, 0, 59):00}",
                ProcessState.Stopped when Start == 0 => "Not started",
                ProcessState.Backoff or ProcessState.Fatal => SpawnError,
                ProcessState.Stopped or ProcessState.Exited =>
                    DateTimeOffset.FromUnixTimeSeconds(Stop).ToLocalTime().ToString("MMM dd hh:mm tt", CultureInfo.InvariantCulture),
                _ => "",
            },
        };
    }
}
