using System.Diagnostics;

namespace SuperNet.Container.Tests.Harness;

[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerEngine>
{
    public const string Name = "docker";
}

/// <summary>
/// A private Docker engine (Debian's docker.io: dockerd, containerd, runc) for the run, and the images built into it
/// from the published binaries by the same recipe as podman's (packaging/build-image.sh).
/// The engine is this fixture's own: its socket, data root and exec root are under one /tmp directory, so it never
/// meets a dockerd the machine may already run, and removing that directory leaves nothing behind. So is its
/// containerd: dockerd 20.10 starts one of its own only when none answers on /run/containerd/containerd.sock, and
/// otherwise puts its containers into the machine's (namespace "moby", shared with the machine's dockerd), so the
/// fixture starts its own containerd and names it with --containerd. No bridge and no iptables rules: the tests need
/// no network, and a CI machine's firewall is not theirs to change.
/// </summary>
public sealed class DockerEngine : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sn-dockerd-").FullName;
    private readonly Process _daemon;
    private readonly string _id = Guid.NewGuid().ToString("N")[..10];

    public DockerEngine()
    {
        var dockerd = Command.Find("dockerd") ?? (File.Exists("/usr/sbin/dockerd") ? "/usr/sbin/dockerd" : null)
            ?? throw new InvalidOperationException(
                "dockerd is not installed: these tests need a real Docker engine (apt-get install -y docker.io; .ci/run installs it).");
        Client = Command.Find("docker")
            ?? throw new InvalidOperationException("the docker client is not installed (apt-get install -y docker.io).");
        if (Environment.UserName != "root")
            throw new InvalidOperationException("these tests start their own dockerd, which needs root (CI runs .ci/run as root).");

        var containerd = Command.Find("containerd")
            ?? throw new InvalidOperationException("containerd is not installed (apt-get install -y docker.io brings it).");

        Host = "unix://" + Path.Combine(_root, "docker.sock");
        Containerd = Path.Combine(_root, "containerd", "containerd.sock");
        // Everything it writes under the fixture's directory (the "opt" plugin's default is /opt/containerd), and no
        // CRI plugin: dockerd's own managed containerd is configured the same way.
        File.WriteAllText(Path.Combine(_root, "containerd.toml"), $"""
            version = 2
            root = "{Path.Combine(_root, "containerd", "root")}"
            state = "{Path.Combine(_root, "containerd", "state")}"
            disabled_plugins = ["io.containerd.grpc.v1.cri"]
            [grpc]
              address = "{Containerd}"
            [plugins."io.containerd.internal.v1.opt"]
              path = "{Path.Combine(_root, "containerd", "opt")}"
            """);
        // containerd, then dockerd once containerd's socket exists, under a shell that SIGTERMs dockerd at end of file
        // on the stdin pipe this process holds, then containerd once dockerd is gone: that end of file comes when
        // Dispose closes the pipe, and also when the test host dies without disposing (killed, a hang timeout, ^C),
        // which would otherwise leave a root dockerd and containerd running. The shell exits with dockerd's status.
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true };
        foreach (var arg in new[]
        {
            "-c", """
                exec 3<&0; "$CONTAINERD" --config "$ROOT/containerd.toml" >"$ROOT/containerd.log" 2>&1 3<&- & c=$!
                i=0; while [ ! -S "$SOCK" ] && kill -0 "$c" 2>/dev/null && [ "$i" -lt 600 ]; do sleep 0.1; i=$((i+1)); done
                "$0" "$@" >"$LOG" 2>&1 3<&- & d=$!
                { read -r _ <&3; kill -TERM "$d"; } & r=$!
                exec 3<&-; wait "$d"; s=$?; kill "$r" 2>/dev/null; kill -TERM "$c"; wait "$c"; exit "$s"
                """, dockerd,
            "--host", Host, "--containerd", Containerd, "--data-root", Path.Combine(_root, "data"),
            "--exec-root", Path.Combine(_root, "exec"), "--pidfile", Path.Combine(_root, "dockerd.pid"),
            "--bridge", "none", "--iptables=false", "--ip-masq=false",
        })
            start.ArgumentList.Add(arg);
        start.Environment["LOG"] = LogPath;
        start.Environment["ROOT"] = _root;
        start.Environment["CONTAINERD"] = containerd;
        start.Environment["SOCK"] = Containerd;
        _daemon = Process.Start(start) ?? throw new InvalidOperationException("cannot start dockerd");
        try
        {
            Wait.Until(() => _daemon.HasExited || Command.Run(Client, ["-H", Host, "version"], TimeSpan.FromSeconds(30)).ExitCode == 0,
                "dockerd to answer on " + Host);
            if (_daemon.HasExited)
                throw new InvalidOperationException($"dockerd exited {_daemon.ExitCode}:\n{DaemonLog()}");
            Version = Check("version", "--format", "{{.Server.Version}}").Stdout.Trim();

            Production = $"supernet-docker-test-{_id}:shipped";
            WithPrograms = $"supernet-docker-test-{_id}:programs";
            Command.Check("env", [$"PODMAN={Client} -H {Host}", "DOCKER_BUILDKIT=0", Repository.Script("build-image.sh"),
                "--no-publish", "--bin", Repository.Binaries, "--tag", Production], TimeSpan.FromMinutes(5));
            Build(WithPrograms, $"FROM {Production}\nCOPY rootfs/ /\n", new Dictionary<string, string>
            {
                ["/usr/local/bin/snhelper"] = Path.Combine(Repository.Binaries, "snhelper"),
                ["/bin/sh"] = "/bin/sh",
                ["/bin/sleep"] = "/bin/sleep",
            });
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Client { get; }

    /// <summary>The engine's socket, as `docker -H` takes it.</summary>
    public string Host { get; }

    /// <summary>The socket of the engine's own containerd (ctr --address).</summary>
    public string Containerd { get; }

    public string Version { get; } = "";

    public string Production { get; } = "";

    public string WithPrograms { get; } = "";

    private string LogPath => Path.Combine(_root, "dockerd.log");

    public CommandResult Run(params string[] args) => Command.Run(Client, ["-H", Host, .. args]);

    public CommandResult Check(params string[] args) => Command.Check(Client, ["-H", Host, .. args]);

    /// <summary>Builds <paramref name="dockerfile"/> with host files (and their libraries) staged under rootfs/.</summary>
    public void Build(string tag, string dockerfile, IReadOnlyDictionary<string, string>? files = null)
    {
        using var stage = new TempDir();
        files ??= new Dictionary<string, string>();
        string[] libraries = files.Count == 0 ? [] : Command.Check(Repository.Script("ldd-closure.sh"), files.Values).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Directory.CreateDirectory(stage.File("rootfs"));
        foreach (var (target, source) in files.Concat(libraries.Select(lib => KeyValuePair.Create(lib, lib))))
        {
            var destination = stage.File("rootfs") + target;
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination, overwrite: true);
        }
        stage.Write("Dockerfile", dockerfile);
        Command.Check("env", ["DOCKER_BUILDKIT=0", Client, "-H", Host, "build", "--quiet", "-t", tag, stage.Path], TimeSpan.FromMinutes(5));
    }

    private string DaemonLog()
    {
        var containerd = Path.Combine(_root, "containerd.log");
        return (File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(no dockerd log)")
            + "\n--- containerd:\n" + (File.Exists(containerd) ? File.ReadAllText(containerd) : "(no containerd log)");
    }

    public void Dispose()
    {
        // SIGTERM (the shell sends it at end of file), not Process.Kill: dockerd then stops its containers and unmounts
        // their layers, and the shell then stops the containerd, so the directory below can be removed.
        _daemon.StandardInput.Close();
        if (!_daemon.WaitForExit(TimeSpan.FromSeconds(60)))
            _daemon.Kill(entireProcessTree: true);
        _daemon.WaitForExit();
        _daemon.Dispose();
        Command.Run("rm", ["-rf", _root]);
    }
}
