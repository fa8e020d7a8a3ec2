using System.IO.Pipes;
using System.Text;
using SuperNet.Core.Config;
using SuperNet.Core.Logging;
using SuperNet.Core.Os;
using SuperNet.Core.Tests;
using SuperNet.Core.Tests.Logging;
using SuperNet.Core.Tests.Supervision;

namespace SuperNet.Rpc.Tests.Support;

/// <summary>
/// The real <see cref="Core.Supervision.Supervisor"/> on oracle/oracle.conf's programs, over Core's fake OS and
/// clock (<see cref="Rig"/>), with real child logs and a real main log in a test directory: what the RPC layer
/// serves in these tests. A child "dies" when sent its stop signal (unless <see cref="ExitOnStop"/> is off), and
/// every child gets a real stdin pipe whose bytes <see cref="StdinOf"/> returns.
/// </summary>
internal sealed class OracleEngine : IAsyncDisposable
{
    private readonly Dictionary<int, StringBuilder> stdin = [];
    private readonly List<IDisposable> pipes = [];
    private readonly List<Task> readers = [];
    private readonly Lock exitOrder = new();
    private Task exits = Task.CompletedTask;

    private OracleEngine(string dir, Func<ProcessConfig, ProcessConfig>? adjust)
    {
        var options = new SupervisordOptions { Identifier = "oracle", Logfile = Path.Combine(dir, "supervisord.log") };
        var config = new SupervisorConfig
        {
            ConfigFile = Path.Combine(dir, "supervisord.conf"),
            Supervisord = options,
            Servers = [],
            Groups = Groups(dir, adjust ?? (p => p)),
        };
        var environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = dir };
        var log = new RecordingLog();
        Rig = new Rig(config, environment, new ChildLogFactory(options, log, ScriptedRandom.Shared));
        Rig.Spawner.PipesFor = _ => Pipes();
        Rig.Signaller.Errno = (pid, signal) =>
        {
            if (ExitOnStop && signal is Signals.TERM or Signals.KILL)
            {
                // As a reaped child is reported: from another thread, after its pipes closed. In the order signalled,
                // as children that die at once are reported by one reaper pass (and supervisord lists them in its
                // order): separate pool tasks could report web_01 before web_00.
                lock (exitOrder)
                {
                    exits = exits.ContinueWith(_ =>
                    {
                        Rig.Pump.Close(pid);
                        Rig.Supervisor.PostChildExit(pid, WaitStatus.FromSignal(signal));
                    }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                }
            }
            return 0;
        };
        MainLog = MainLog.Open(options);
        Context = new RpcContext(Rig.Supervisor, config, MainLog, () => config with { Groups = Groups(dir, adjust ?? (p => p)) }, "4.2.5");
    }

    public Rig Rig { get; }
    public RpcContext Context { get; }
    public MainLog MainLog { get; }

    /// <summary>Whether a stop signal makes the child exit; off, processes stay STOPPING.</summary>
    public volatile bool ExitOnStop = true;

    /// <summary>
    /// Starts the engine (autostart included) and leaves the log files as supervisord leaves them after start-up:
    /// sleeper printed its line, the web programs have empty stderr logs, the main log has a line.
    /// </summary>
    public static async Task<OracleEngine> StartAsync(string dir, Func<ProcessConfig, ProcessConfig>? adjust = null)
    {
        var engine = new OracleEngine(dir, adjust);
        await engine.Rig.Sync();
        File.WriteAllText(Path.Combine(dir, "sleeper.log"), "0123456789abcdefghij\n");
        foreach (var f in new[] { "web_00.err", "web_01.err" })
        {
            File.WriteAllBytes(Path.Combine(dir, f), []);
        }
        File.WriteAllText(Path.Combine(dir, "supervisord.log"), "2026-11-27 08:00:00,000 INFO supervisord started\n");
        return engine;
    }

    /// <summary>What the process with this pid has been sent on its stdin so far.</summary>
    public string StdinOf(int pid)
    {
        lock (stdin)
        {
            return stdin.TryGetValue(pid, out var text) ? text.ToString() : "";
        }
    }

    /// <summary>Waits until <paramref name="pid"/>'s stdin has received <paramref name="text"/>.</summary>
    public async Task WaitForStdin(int pid, string text)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (StdinOf(pid) != text)
        {
            Assert.True(DateTime.UtcNow < until, $"stdin of {pid} is '{StdinOf(pid)}', not '{text}'");
            await Task.Delay(10);
        }
    }

    private Core.Os.ChildPipes Pipes()
    {
        // Called by the spawner once the pid is taken.
        var pid = Rig.Spawner.LastPid;
        var toChild = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        var fromChild = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        var stdoutRead = fromChild.ClientSafePipeHandle;
        lock (stdin)
        {
            stdin[pid] = new StringBuilder();
            pipes.Add(toChild);
            pipes.Add(fromChild);
            readers.Add(Task.Run(async () =>
            {
                var buffer = new byte[4096];
                int n;
                while ((n = await toChild.ReadAsync(buffer)) > 0)
                {
                    lock (stdin)
                    {
                        stdin[pid].Append(Encoding.UTF8.GetString(buffer, 0, n));
                    }
                }
            }));
        }
        return new Core.Os.ChildPipes(
            PipeEnds.Take(toChild),
            new Microsoft.Win32.SafeHandles.SafeFileHandle(stdoutRead.DangerousGetHandle(), ownsHandle: false),
            null);
    }

    public async ValueTask DisposeAsync()
    {
        ExitOnStop = true;
        await Rig.DisposeAsync();
        MainLog.Dispose();
        lock (stdin)
        {
            foreach (var pipe in pipes)
            {
                pipe.Dispose();
            }
        }
    }

    /// <summary>The groups of oracle/oracle.conf as the config reader would build them, rooted at a test directory.</summary>
    public static List<GroupConfig> Groups(string dir, Func<ProcessConfig, ProcessConfig> adjust)
    {
        static ChildLogOptions None() => new() { Path = null, IsAuto = false };
        static ChildLogOptions At(string path) => new() { Path = path, IsAuto = false };
        GroupConfig Group(string name, int priority, params ProcessConfig[] processes) =>
            new() { Name = name, Priority = priority, Processes = [.. processes.Select(adjust)] };
        static ProcessConfig Program(string name, string command) =>
            new() { Name = name, ProgramName = name, Section = "program:" + name, Command = command };

        return
        [
            Group("sleeper", 10, Program("sleeper", "sh -c \"printf '0123456789abcdefghij\\n'; exec sleep 1000\"") with
            {
                Priority = 10, StartSecs = 0, Stdout = At($"{dir}/sleeper.log"), Stderr = None(),
            }),
            Group("cat", 999, Program("cat", "cat") with { StartSecs = 0, Stdout = At($"{dir}/cat.log"), Stderr = None() }),
            Group("idle", 999, Program("idle", "sleep 1000") with
            {
                AutoStart = false, StartSecs = 0, Stdout = At($"{dir}/idle.log"), RedirectStderr = true, Stderr = None(),
            }),
            Group("missing", 999, Program("missing", "/nonexistent/thing") with { AutoStart = false, Stdout = None(), Stderr = None() }),
            Group("web", 999,
                Program("web_00", "sleep 1000") with
                {
                    ProgramName = "web", Section = "program:web", StartSecs = 0,
                    Stdout = At($"{dir}/web_00.log"), Stderr = At($"{dir}/web_00.err"),
                },
                Program("web_01", "sleep 1000") with
                {
                    ProgramName = "web", Section = "program:web", StartSecs = 0,
                    Stdout = At($"{dir}/web_01.log"), Stderr = At($"{dir}/web_01.err"),
                }),
        ];
    }
}
