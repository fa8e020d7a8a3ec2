using SuperNet.Core.Config;

namespace SuperNet.Daemon;

/// <summary>What the first generation starts from: the parsed command line and configuration.</summary>
internal sealed record GenerationOptions(
    SupervisordArguments Arguments,
    SupervisorConfig InitialConfig,
    string Argv0,
    bool Daemonized,
    IReadOnlyList<string> LimitInfos);
