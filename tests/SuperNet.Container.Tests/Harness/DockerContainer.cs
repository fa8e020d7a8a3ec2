namespace SuperNet.Container.Tests.Harness;

/// <summary>One detached container in the test's Docker engine, removed (forcibly) on dispose.</summary>
public sealed class DockerContainer : IDisposable
{
    private readonly DockerEngine _engine;

    private DockerContainer(DockerEngine engine, string name)
    {
        _engine = engine;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Starts <paramref name="image"/> with <paramref name="confD"/> as /etc/supervisor/conf.d (read-only).</summary>
    /// <param name="options">more `docker run` options (--init, --user, ...).</param>
    public static DockerContainer Start(DockerEngine engine, string image, TempDir confD, params string[] options)
    {
        var container = new DockerContainer(engine, "sn-test-" + Guid.NewGuid().ToString("N")[..10]);
        engine.Check(["run", "-d", "--name", container.Name, "-v", $"{confD.Path}:/etc/supervisor/conf.d:ro", .. options, image]);
        return container;
    }

    public CommandResult Exec(params string[] command) => _engine.Run(["exec", Name, .. command]);

    public CommandResult Logs() => _engine.Check("logs", Name);

    public void WaitForState(string program, string state) =>
        Wait.Until(() => Exec("supervisorctl", "status", program).Stdout.Contains($" {state} ", StringComparison.Ordinal),
            $"{program} {state} in {Name}");

    /// <summary>The pid `supervisorctl status` shows for a RUNNING program.</summary>
    public string Pid(string program) =>
        System.Text.RegularExpressions.Regex.Match(Exec("supervisorctl", "status", program).Stdout, @" pid (\d+),").Groups[1].Value;

    public string Inspect(string format) => _engine.Check("inspect", "--format", format, Name).Stdout.Trim();

    public (string Status, int ExitCode) State()
    {
        var fields = Inspect("{{.State.Status}} {{.State.ExitCode}}").Split(' ');
        return (fields[0], int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>pid, parent pid and command name of every process in the container, as the container sees them.</summary>
    public string[] Processes() => ContainerProcesses.Parse(Exec("/bin/sh", "-c", ContainerProcesses.StatScript).Stdout);

    public void Dispose() => _engine.Run("rm", "-f", Name);
}
