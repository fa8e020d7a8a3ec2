namespace SuperNet.Container.Tests.Harness;

/// <summary>
/// podman with the flags that work on these hosts (crun and podman's default ulimits are refused:
/// shared/docs/test-infrastructure-notes.md).
/// </summary>
public static class Podman
{
    private static readonly string[] Global = ["--runtime", "runc", "--cgroup-manager", "cgroupfs"];

    /// <summary>For `run`: the default limits are above what these hosts let a container set.</summary>
    public static readonly string[] Limits = ["--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1000:1000"];

    public static string Executable { get; } = Command.Find("podman")
        ?? throw new InvalidOperationException(
            "podman is not installed: these tests need a real container runtime (apt-get install -y podman runc; .ci/run installs it).");

    public static CommandResult Run(params string[] args) => Command.Run(Executable, [.. Global, .. args]);

    public static CommandResult Check(params string[] args) => Command.Check(Executable, [.. Global, .. args]);
}
