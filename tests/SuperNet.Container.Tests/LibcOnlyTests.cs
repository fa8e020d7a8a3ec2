using System.Formats.Tar;
using SuperNet.Container.Tests.Harness;

namespace SuperNet.Container.Tests;

/// <summary>
/// The shipped image holds the two binaries and their `ldd` closure only: no OpenSSL, no ICU. The features
/// that used to load OpenSSL (AUTO child-log names, <c>{SHA}</c> passwords) run there with the loader
/// tracing every library it opens.
/// </summary>
[Collection(PodmanCollection.Name)]
public partial class LibcOnlyTests(Images images)
{
    private const string Config = """
        [unix_http_server]
        file=/var/run/supervisor.sock
        username=admin
        password={SHA}82ab876d1387bfafe46cc1c8a2ef074eae50cb1d

        [supervisord]
        logfile=/var/log/supervisor/supervisord.log
        pidfile=/var/run/supervisord.pid
        childlogdir=/var/log/supervisor

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [supervisorctl]
        serverurl=unix:///var/run/supervisor.sock

        [program:usage]
        command=/usr/bin/supernetctl -h
        autorestart=false
        startsecs=0

        """;

    private static readonly string[] Forbidden = ["libssl", "libcrypto", "libicu"];

    [Fact]
    public void TheImageHoldsOnlyTheBinariesAndTheirLddClosure()
    {
        var name = "sn-test-" + Guid.NewGuid().ToString("N")[..10];
        Podman.Check("create", "--name", name, images.Production);
        List<string> files;
        try
        {
            files = RegularFiles(name);
        }
        finally
        {
            Podman.Run("rm", "-f", name);
        }
        // podman adds /etc/hosts, /etc/resolv.conf and the like to every container; the image's own are these.
        var shipped = files.Where(f => !f.StartsWith("/etc/", StringComparison.Ordinal) || f.StartsWith("/etc/supervisor/", StringComparison.Ordinal));
        Assert.Equal(
            ["/etc/supervisor/supervisord.conf", "/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6",
             "/lib64/ld-linux-x86-64.so.2", "/usr/bin/supernetctl", "/usr/bin/supernetd"],
            shipped.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AutoLogsAndShaPasswordsWorkWithoutLoadingOpensslOrIcu()
    {
        using var dir = new TempDir();
        var config = dir.Write("supervisord.conf", Config);
        using var container = RunningContainer.Start(images.Production,
            new Dictionary<string, string> { [config] = "/etc/supervisor/supervisord.conf" }, ["-e", "LD_DEBUG=libs"]);

        string[] login = ["-e", "LD_DEBUG=libs", container.Name, "supervisorctl", "-u", "admin", "-p", "thepassword"];
        var status = new CommandResult(0, "", "");
        Wait.Until(() => (status = Podman.Run(["exec", .. login, "status", "usage"])).Stdout.Contains(" EXITED ", StringComparison.Ordinal),
            "the program to run and exit, seen through a {SHA} login");

        // The AUTO file was made with a random name and holds the program's output (its usage text).
        Assert.Single(RegularFiles(container.Name), f => AutoLogName().IsMatch(f));
        var tail = Podman.Run(["exec", .. login, "tail", "usage"]);
        Assert.Contains("Usage: /usr/bin/supernetctl [options]", tail.Stdout, StringComparison.Ordinal);

        var refused = Podman.Run("exec", container.Name, "supervisorctl", "-u", "admin", "-p", "wrong", "status");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Server requires authentication", refused.Output, StringComparison.Ordinal);

        var trace = container.Logs().Output + status.Output + tail.Output;
        Assert.Contains("calling init: /lib/x86_64-linux-gnu/libc.so.6", trace, StringComparison.Ordinal);
        foreach (var library in Forbidden)
            Assert.DoesNotContain(library, trace, StringComparison.Ordinal);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^/var/log/supervisor/usage-stdout---supervisor-[a-z0-9_]{8}\.log$")]
    private static partial System.Text.RegularExpressions.Regex AutoLogName();

    /// <summary>The regular files of a container's file system (image and writable layer), from `podman export`.</summary>
    private static List<string> RegularFiles(string container)
    {
        using var dir = new TempDir();
        var tar = Path.Combine(dir.Path, "rootfs.tar");
        Podman.Check("export", "-o", tar, container);
        var files = new List<string>();
        using var reader = new TarReader(File.OpenRead(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                files.Add("/" + entry.Name.TrimStart('.', '/'));
        }
        return files;
    }
}
