using SuperNet.Container.Tests.Harness;

namespace SuperNet.Container.Tests;

/// <summary>
/// packaging/Containerfile.replace-debian on an image that has Debian's `supervisor` package: the package's
/// files (its Python scripts, init script, /etc/supervisor, /etc/default) and what its init script runs,
/// taken from this Debian host (no registry here, so no debian:bookworm to start from).
/// </summary>
[Collection(PodmanCollection.Name)]
public class DebianRecipeTests(Images images)
{
    private static readonly string[] PackageFiles =
    [
        "/usr/bin/supervisord", "/usr/bin/supervisorctl", "/etc/init.d/supervisor", "/etc/default/supervisor",
        "/etc/supervisor/supervisord.conf", "/lib/lsb/init-functions", "/lib/lsb/init-functions.d/00-verbose",
        "/lib/lsb/init-functions.d/40-systemd", "/usr/sbin/service", "/usr/sbin/start-stop-daemon", "/usr/bin/dpkg-divert",
        // libc6 ships libm with libc: every Debian image has it.
        "/lib/x86_64-linux-gnu/libm.so.6",
    ];

    private static readonly string[] Tools = ["sh", "dash", "cat", "tr", "grep", "sleep", "mv", "ln", "rm", "basename", "sed", "env", "ls", "mkdir", "readlink", "id"];

    [Fact]
    public void ServiceSupervisorStartsStatusesAndStopsSupernetdWithTheDebianConfig()
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        string debian = $"localhost/supernet-test-{id}:debian", replaced = $"localhost/supernet-test-{id}:replaced";
        try
        {
            BuildDebianLike(debian);
            Podman.Check("build", "--quiet", "--build-arg", "BASE=" + debian, "--build-arg", "SUPERNET=" + images.Production,
                "-t", replaced, "-f", Repository.Script("Containerfile.replace-debian"), Path.Combine(Repository.Root, "packaging"));

            using var confD = new TempDir();
            confD.Write("sleeper.conf", "[program:sleeper]\ncommand=/bin/sleep 1000\n");
            using var container = RunningContainer.WithPrograms(replaced, confD, ["--entrypoint", "/bin/sleep"], ["1000"]);

            Assert.Equal("4.2.5\n", container.Exec("supervisord", "-v").Stdout);
            var start = container.Exec("service", "supervisor", "start");
            Assert.Equal((0, "Starting supervisor: supervisord.\n"), (start.ExitCode, start.Output));
            container.WaitForState("sleeper", "RUNNING");
            Assert.Equal("4.2.5\n", container.Exec("supervisorctl", "version").Stdout);
            Assert.Equal((0, "supervisord is running\n"), Status(container));

            var stop = container.Exec("service", "supervisor", "stop");
            Assert.Equal((0, "Stopping supervisor: supervisord.\n"), (stop.ExitCode, stop.Output));
            Wait.Until(() => Status(container).ExitCode == 1, "`service supervisor status` to say not running");
            Assert.Equal((1, "supervisord is  not running.\n"), Status(container));
        }
        finally
        {
            Podman.Run("rmi", "-f", replaced, debian);
        }
    }

    private static (int ExitCode, string Output) Status(RunningContainer container)
    {
        var status = container.Exec("service", "supervisor", "status");
        return (status.ExitCode, status.Output);
    }

    /// <summary>The package's files, the tools its scripts call, their libraries; /bin and /sbin merged into /usr as on Debian 12.</summary>
    private static void BuildDebianLike(string tag)
    {
        using var stage = new TempDir();
        var root = Path.Combine(stage.Path, "rootfs");
        // PATH lists /usr/sbin and /usr/bin first: the merged-/usr places.
        var tools = Tools.Select(tool => Command.Find(tool) ?? throw new InvalidOperationException($"{tool} is not installed"));
        var files = PackageFiles.Concat(tools).Select(Path.GetFullPath).ToList();
        var elf = files.Where(IsElf).ToList();
        var libraries = Command.Check(Repository.Script("ldd-closure.sh"), elf).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var file in files.Concat(libraries))
        {
            var target = root + file;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
        foreach (var dir in new[] { "var/log/supervisor", "etc/supervisor/conf.d", "var/lib/dpkg", "run", "tmp" })
            Directory.CreateDirectory(Path.Combine(root, dir));
        File.WriteAllText(Path.Combine(root, "var/lib/dpkg/status"), "");
        File.CreateSymbolicLink(Path.Combine(root, "var/run"), "../run");
        File.CreateSymbolicLink(Path.Combine(root, "bin"), "usr/bin");
        File.CreateSymbolicLink(Path.Combine(root, "sbin"), "usr/sbin");
        File.WriteAllText(Path.Combine(stage.Path, "Containerfile"), "FROM scratch\nCOPY rootfs/ /\n");
        Podman.Check("build", "--quiet", "-t", tag, "-f", Path.Combine(stage.Path, "Containerfile"), stage.Path);
    }

    private static bool IsElf(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.Read(magic) == 4 && magic.SequenceEqual("\u007fELF"u8);
    }
}
