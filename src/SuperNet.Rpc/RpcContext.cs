using SuperNet.Core.Config;
using SuperNet.Core.Logging;
using SuperNet.Core.Supervision;
using SuperNet.Rpc.Engine;

namespace SuperNet.Rpc;

/// <summary>
/// What the RPC methods work with: the supervisor (its published view to read, its commands to post), the
/// configuration as last parsed, and the main log. One per generation.
/// </summary>
public sealed class RpcContext
{
    private volatile bool stopRequested;

    /// <param name="config">The configuration this generation runs (identification, the initial available set).</param>
    /// <param name="reread">Parses the configuration file again, with the command line's overrides (reloadConfig).</param>
    /// <param name="options">The generation's live [supervisord] options, which a successful reread replaces.</param>
    public RpcContext(Supervisor supervisor, SupervisorConfig config, MainLog? mainLog, Func<SupervisorConfig> reread,
        string supervisorVersion = SupervisordArguments.Version, LiveSupervisordOptions? options = null)
    {
        Supervisor = supervisor;
        MainLog = mainLog;
        Options = options ?? new LiveSupervisordOptions(config.Supervisord);
        SupervisorVersion = supervisorVersion;
        Configs = new AvailableConfigs(config, reread, Options);
    }

    public Supervisor Supervisor { get; }
    public MainLog? MainLog { get; }
    public LiveSupervisordOptions Options { get; }
    /// <summary>getIdentification: the identifier as last (re)read.</summary>
    public string Identification => Options.Value.Identifier;
    public string SupervisorVersion { get; }
    public AvailableConfigs Configs { get; }

    /// <summary>
    /// The main log path readLog, clearLog and /mainlogtail use: the logfile as last (re)read, as supervisord's are,
    /// although the log itself goes on writing to the file it opened at start; null when there is no main log.
    /// </summary>
    public string? MainLogfile => MainLog is null ? null : Options.Value.Logfile;

    /// <summary>True from the moment shutdown or restart is requested: state-checked methods then fault SHUTDOWN_STATE.</summary>
    public bool ShuttingDown => stopRequested || !Supervisor.View.Accepting;

    /// <summary>Begins shutdown; the engine acts after the current reply has been queued.</summary>
    public void RequestShutdown()
    {
        stopRequested = true;
        _ = Supervisor.ShutdownAsync();
    }

    public void RequestRestart()
    {
        stopRequested = true;
        _ = Supervisor.RestartAsync();
    }
}
