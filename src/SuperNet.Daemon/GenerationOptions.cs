using SuperNet.Core.Config;

namespace SuperNet.Daemon;

/// <summary>What the first generation starts from: the command line, the configuration, and INFO lines of the
/// start-up (privilege drop, raised limits) that supervisord logs once the log exists.</summary>
internal sealed record GenerationOptions(
    SupervisordArguments Arguments,
    SupervisorConfig InitialConfig,
    string Argv0,
    bool Daemonized,
    IReadOnlyList<string> StartupInfos);
