using System.Collections;
using Microsoft.Extensions.Hosting;
using SuperNet.Core.Config;
using SuperNet.Core.Events;
using SuperNet.Core.Logging;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Readiness;
using SuperNet.Core.Supervision;
using SuperNet.Linux;
using SuperNet.Rpc;
using SuperNet.Rpc.Http;

namespace SuperNet.Daemon;

/// <summary>
/// Runs configuration generations: each builds the main log, the supervisor and its HTTP servers, and runs
/// until shutdown (exit 0) or restart (SIGHUP / supervisor.restart: re-read the file and start over in this
/// process; a broken file then exits 2, as supervisord does). Stops the host at the end.
/// </summary>
internal sealed class Generations(
    GenerationOptions options,
    SignalRouter router,
    LinuxPlatform platform,
    ExitCode exit,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly IReadOnlyDictionary<string, string> daemonEnvironment = CaptureEnvironment();
    private readonly EventSerial eventSerial = new();
    // A drain reads at most 2 MiB a pipe; seconds would mean a log destination that blocks (a stuck disk).
    private static readonly TimeSpan OutputDrainLimit = TimeSpan.FromSeconds(5);
    // Child output and the main log's echo (and its logfile, when that is fd 1 or 2 and not a regular file) share
    // fds 1/2 for the daemon's whole life.
    private readonly DaemonOutput daemonOutput = new(StdStreams.StdoutBytes, StdStreams.StderrBytes,
        Terminal.WantsColour(1), Terminal.WantsColour(2), TimeProvider.System,
        stdoutMayBlock: !StdFdType.IsRegularFile(1), stderrMayBlock: !StdFdType.IsRegularFile(2), sameFile: FileInode.SameFile(1, 2));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            exit.Value = await RunAll().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failure nothing below expected: the host would report it nowhere and exit 0, as if all went well
            // (an AUTO log that childlogdir had no room for did). One line and status 1, as supervisord's
            // uncaught exception gives (it adds a traceback).
            exit.Value = 1;
            try
            {
                StdStreams.Stderr.WriteLine($"Error: {e.Message}");
            }
            catch (FdWriteException)
            {
                // A closed stderr: the status still says it.
            }
        }
        finally
        {
            daemonOutput.Dispose();
            lifetime.StopApplication();
        }
    }

    private async Task<int> RunAll()
    {
        var config = options.InitialConfig;
        for (var first = true; ; first = false)
        {
            if (await RunOne(config, first).ConfigureAwait(false) is { } status)
            {
                return status;
            }
            try
            {
                config = DaemonMain.LoadConfig(options.Arguments, warnRootSearch: false);
            }
            catch (ConfigException e)
            {
                return DaemonMain.UsageError(options.Argv0, e.Message);
            }
        }
    }

    /// <summary>One generation; null when it ended in a restart, else the daemon's exit status.</summary>
    private async Task<int?> RunOne(SupervisorConfig config, bool first)
    {
        if (OpenMainLog(config.Supervisord) is not { } mainLog)
        {
            return 2;
        }
        using var _ = mainLog;
        using var dropReports = daemonOutput.ReportTo(mainLog);
        mainLog.LogConfigMessages(StartupMessages(config, first));
        // Listed now, deleted once the sockets are ours: a second instance must not delete the first one's logs.
        var staleLogs = config.Supervisord.NoCleanup
            ? []
            : AutoChildLogs.FindStale(config.Supervisord.ChildLogDir, config.Supervisord.Identifier, mainLog);

        var live = new LiveSupervisordOptions(config.Supervisord);
        var environmentMemory = new EnvironmentMemory(config.Supervisord.Environment);
        var services = new SupervisorServices
        {
            Time = TimeProvider.System,
            Log = mainLog,
            Spawner = platform.Spawner,
            Signaller = platform.Signaller,
            Pump = platform.Pump,
            Probe = platform.Probe,
            Files = platform.Files,
            Splitter = new CommandSplitterAdapter(),
            DaemonEnvironment = daemonEnvironment,
            Supervisord = live,
            ChildLogs = new ChildLogFactory(live, mainLog, platform.Random, daemonOutput: daemonOutput, mayBlock: WaitingFile.MayBlock, openFifo: FifoPath.OpenForWriting),
            EventSerial = eventSerial,
            FastCgiSockets = new FastCgiSockets(),
        };
        Supervisor supervisor;
        try
        {
            supervisor = new Supervisor(config, services);
        }
        catch (FastCgiSocketException e)
        {
            // supervisord dies here with a traceback and status 1; the same status, with only its message.
            StdStreams.Stderr.WriteLine($"Error: {e.Message}");
            return 1;
        }
        catch (AutoLogCreateException e)
        {
            // The same death in supervisord; the main log says it too, for a daemon whose stderr went to /dev/null.
            mainLog.Log(LogLevel.Critical, e.Message);
            StdStreams.Stderr.WriteLine($"Error: {e.Message}");
            return 1;
        }
        using var ownedSupervisor = supervisor;
        ReleaseParseGarbage();
        var rpc = new RpcContext(supervisor, config, mainLog,
            () => ConfigLoader.Load(config.ConfigFile, options.Arguments.Overrides, ConfigContext.FromSystem(environmentMemory, FileInode.IsStreamOf)),
            options: live);
        await using var servers = new RawControlServer(rpc, new ControlServerOptions
        {
            Servers = config.Servers,
            SocketOwner = new SocketFileOwner(),
            Log = mainLog.Log,
            StaleSocketNotice = StdStreams.Stderr,
            RpcInterfaces = [.. config.RpcInterfaces.Select(r => r.Name)],
            RpcInterfaceErrors = config.RpcInterfaces.Where(r => r.CallError is not null).ToDictionary(r => r.Name, r => r.CallError!),
            Health = new SupervisorHealth(supervisor),
        });
        try
        {
            await servers.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (ControlServerStartException e)
        {
            return DaemonMain.UsageError(options.Argv0, e.Message);
        }
        AutoChildLogs.Delete(staleLogs, mainLog);
        if (options.Daemonized)
        {
            // supervisord forks here, once its sockets are bound: the caller has waited for this.
            Daemonizer.ReportStarted();
            if (first)
            {
                mainLog.Log(LogLevel.Info, "daemonizing the supervisord process");
                ChangeDirectory(config.Supervisord.Directory, mainLog);
                Daemonizer.ApplyUmask(config.Supervisord.Umask);
            }
        }

        var pidfile = new Pidfile(config.Supervisord.Pidfile);
        pidfile.Write(ProcessIdentity.Pid, mainLog);
        if (SigchldGuard.Enforce())
        {
            mainLog.Log(LogLevel.Warn, "a SIGCHLD handler had been installed in supernetd; it was reset to SIG_DFL");
        }

        router.Attach(supervisor);
        try
        {
            var running = supervisor.RunAsync();
            // Not awaited: a loop that ends early never runs it, and its end must still be seen here.
            var trimmed = ReleaseStartupMemory(supervisor);
            var end = await running.ConfigureAwait(false);
            DrainOutput(mainLog);
            // 0 after an orderly shutdown; a critical program's status when its end brought everything down.
            return end == SupervisorExit.Shutdown ? supervisor.ExitStatus : null;
        }
        finally
        {
            router.Detach();
            await servers.StopAsync(CancellationToken.None).ConfigureAwait(false);
            pidfile.Remove(live.Value.Pidfile);
        }
    }

    /// <summary>
    /// [supervisord] directory (or -d), which supervisord enters only as it detaches at its first start, after
    /// dropping privileges: every child without a directory= of its own starts there. A failure is logged and
    /// the daemon goes on where it was, as supervisord does.
    /// </summary>
    private static void ChangeDirectory(string? directory, MainLog mainLog)
    {
        if (directory is null)
        {
            return;
        }
        var quoted = Core.Logging.PythonRepr.Str(directory);
        try
        {
            Environment.CurrentDirectory = directory;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            mainLog.Log(LogLevel.Critical, $"can't chdir into {quoted}: {Errno.Describe(e)}: {quoted}");
            return;
        }
        mainLog.Log(LogLevel.Info, $"set current directory: {quoted}");
    }

    /// <summary>
    /// The programs are stopped, but what they wrote last may still be in their pipes (the pump behind on a
    /// loaded machine, a pipe paused for a slow stdout consumer): it is read into their logs before they close.
    /// </summary>
    private void DrainOutput(MainLog mainLog)
    {
        if (!platform.Pump.Drain(OutputDrainLimit))
        {
            mainLog.Log(LogLevel.Warn, $"programs' output was still being read after {OutputDrainLimit.TotalSeconds:0} s at the end; the rest is not logged");
        }
    }

    /// <summary>
    /// Reading the configuration (the INI text, a name table for every %(...)s expansion, the section readers)
    /// is by far the largest transient allocation of a generation: about 10 MiB for 1000 programs, against
    /// under 2 MiB that stays live. Nothing else allocates enough to trigger a collection soon, so without
    /// this the daemon would keep that memory committed for its whole life. One compacting collection that
    /// returns the freed regions to the OS, before any program starts, costs a few milliseconds.
    /// </summary>
    private static void ReleaseParseGarbage() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    /// <summary>
    /// Once the supervisor has made its first pass (every autostart program spawned), as its next message, so no
    /// transition runs beside it: the spawn burst's garbage is collected and returned, as the parse's was, and the
    /// pages of the binary that only start-up needed are given back (<see cref="StartupPages"/>). Once per
    /// generation, milliseconds (docs/performance.md, "Memory").
    /// </summary>
    private static async Task ReleaseStartupMemory(Supervisor supervisor)
    {
        try
        {
            await supervisor.InvokeAsync(static () =>
            {
                ReleaseParseGarbage();
                return StartupPages.Release();
            }).ConfigureAwait(false);
        }
        catch (SupervisorEndedException)
        {
            // Shut down before its first message: nothing left to trim.
        }
    }

    /// <summary>
    /// supervisord dies with a traceback when its logfile cannot be opened (a directory, no permission);
    /// without a main log nothing would say what the daemon does, so it is a start-up error naming the path.
    /// </summary>
    private MainLog? OpenMainLog(SupervisordOptions supervisord)
    {
        try
        {
            return MainLog.Open(supervisord, daemonOutput: daemonOutput, mayBlock: WaitingFile.MayBlock, opensOwnFd: FileInode.IsStreamOf, openFifo: FifoPath.OpenForWriting);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = Directory.Exists(supervisord.Logfile) ? "it is a directory" : Errno.Describe(e);
            DaemonMain.UsageError(options.Argv0, $"could not open the main log file {supervisord.Logfile}: {reason}");
            return null;
        }
    }

    /// <summary>Messages queued before the log existed: supervisord flushes them CRIT, then WARN, then INFO.</summary>
    private IEnumerable<ConfigMessage> StartupMessages(SupervisorConfig config, bool first)
    {
        if (ProcessIdentity.Uid == 0 && config.Supervisord.User is null)
        {
            yield return new ConfigMessage(LogLevel.Critical,
                "Supervisor is running as root.  Privileges were not dropped because no user is specified in the " +
                "config file.  If you intend to run as root, you can set user=root in the config file to avoid this message.");
        }
        foreach (var message in config.Messages)
        {
            yield return message;
        }
        if (first)
        {
            foreach (var info in options.StartupInfos)
            {
                yield return new ConfigMessage(LogLevel.Info, info);
            }
        }
    }

    private static Dictionary<string, string> CaptureEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = (string?)entry.Value ?? "";
        }
        return result;
    }
}
