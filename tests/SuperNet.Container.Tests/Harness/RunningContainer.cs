namespace SuperNet.Container.Tests.Harness;

/// <summary>One detached container, removed (forcibly) on dispose.</summary>
public sealed class RunningContainer : IDisposable
{
    private RunningContainer(string name) => Name = name;

    public string Name { get; }

    /// <param name="mounts">host path → container path, read-only bind mounts.</param>
    /// <param name="options">more `podman run` options (-e, ...).</param>
    /// <param name="command">arguments after the image (the image's CMD when none).</param>
    public static RunningContainer Start(string image, IReadOnlyDictionary<string, string> mounts, string[]? options = null, string[]? command = null)
    {
        var container = new RunningContainer("sn-test-" + Guid.NewGuid().ToString("N")[..10]);
        var volumes = mounts.SelectMany(m => new[] { "-v", $"{m.Key}:{m.Value}:ro" });
        Podman.Check(["run", "-d", "--name", container.Name, .. Podman.Limits, .. volumes, .. options ?? [], image, .. command ?? []]);
        return container;
    }

    /// <summary>Starts the image with the given files as /etc/supervisor/conf.d.</summary>
    public static RunningContainer WithPrograms(string image, TempDir confD, string[]? options = null, string[]? command = null) =>
        Start(image, new Dictionary<string, string> { [confD.Path] = "/etc/supervisor/conf.d" }, options, command);

    public CommandResult Exec(params string[] command) => Podman.Run(["exec", Name, .. command]);

    public CommandResult Logs() => Podman.Check("logs", Name);

    /// <summary>Waits until `supervisorctl status` inside the container shows the program in <paramref name="state"/>.</summary>
    public void WaitForState(string program, string state) =>
        Wait.Until(() => Exec("supervisorctl", "status", program).Stdout.Contains($" {state} ", StringComparison.Ordinal),
            $"{program} {state} in {Name}");

    public (string Status, int ExitCode) State()
    {
        var fields = Podman.Check("inspect", Name, "--format", "{{.State.Status}} {{.State.ExitCode}}").Stdout.Trim().Split(' ');
        return (fields[0], int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>pid, parent pid and command name of every process in the container, as the container sees them.</summary>
    public string[] Processes() => ContainerProcesses.Parse(Exec("/bin/sh", "-c", ContainerProcesses.StatScript).Stdout);

    public void Dispose() => Podman.Run("rm", "-f", "-t", "0", Name);
}
