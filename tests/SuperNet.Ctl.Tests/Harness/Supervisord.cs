using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace SuperNet.Ctl.Tests.Harness;

/// <summary>
/// A real supervisord 4.2.5 (or <see cref="ServerProgram"/>) in a temporary directory, in the foreground (-n) so it is our child, with a
/// small set of sleep/sh programs. Dispose stops it with SIGTERM so its children stop too.
/// </summary>
public partial class Supervisord : IDisposable
{
    public const string Programs = """
        [program:sleeper]
        command=sleep 1000
        startsecs=0

        [program:echoer]
        command=sh -c 'echo hello; echo err >&2; exec sleep 1000'
        startsecs=0

        [program:manual]
        command=sleep 1000
        autostart=false
        startsecs=0

        [program:web]
        command=sleep 1000
        numprocs=2
        process_name=%(program_name)s_%(process_num)02d
        startsecs=0

        [group:grp]
        programs=a,b

        [program:a]
        command=sleep 1000
        startsecs=0

        [program:b]
        command=sleep 1000
        autostart=false
        startsecs=0

        [program:broken]
        command=/nonexistent/thing
        autostart=false

        [program:cat]
        command=cat
        startsecs=0

        """;

    private Process? process;

    /// <summary>
    /// The server the clients are compared against: SUPERNET_CTL_SERVER if set, else the one this assembly
    /// was built for (SuperNet.Ctl.Tests.Supernetd: the published supernetd), else the real supervisord.
    /// </summary>
    public static string ServerProgram { get; } =
        Environment.GetEnvironmentVariable("SUPERNET_CTL_SERVER") is { Length: > 0 } other ? other
        : typeof(Supervisord).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "SuperNetCtlServer")?.Value ?? "/usr/bin/supervisord";

    /// <param name="server">the [unix_http_server] or [inet_http_server] section; null: a unix socket without auth</param>
    /// <param name="ctlSection">the [supervisorctl] section; null: one pointing at the unix socket</param>
    public Supervisord(string? server = null, string? ctlSection = null, string programs = Programs, bool rpcInterface = true)
    {
        RpcInterface = rpcInterface;
        Dir = Directory.CreateTempSubdirectory("snctl-").FullName;
        ConfigPath = Path.Combine(Dir, "supervisord.conf");
        SocketPath = Path.Combine(Dir, "s.sock");
        ServerSection = server ?? $"[unix_http_server]\nfile={SocketPath}\n";
        CtlSection = ctlSection ?? $"[supervisorctl]\nserverurl=unix://{SocketPath}\n";
        ProgramsText = programs;
        WriteConfig();
        Start();
    }

    public string Dir { get; }

    /// <summary>False: no [rpcinterface:supervisor], so the server knows no supervisor.* method.</summary>
    public bool RpcInterface { get; }

    public string ConfigPath { get; }

    public string SocketPath { get; }

    public string ServerSection { get; }

    public string CtlSection { get; }

    public string ProgramsText { get; set; }

    public string SocketUrl => "unix://" + SocketPath;

    public int Pid => process?.Id ?? 0;

    public void WriteConfig() => File.WriteAllText(ConfigPath, $"""
        {ServerSection}
        [supervisord]
        logfile={Dir}/supervisord.log
        pidfile={Dir}/supervisord.pid
        childlogdir={Dir}
        nodaemon=true
        silent=true

        {(RpcInterface ? "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface" : "")}

        {CtlSection}
        {ProgramsText}
        """);

    public void Start()
    {
        if (!File.Exists(ServerProgram))
        {
            throw new FileNotFoundException($"{ServerProgram} was not published: run `dotnet publish src/SuperNet.Daemon -c Release -o artifacts/bin` (./test.sh does) or set SUPERNET_BIN.", ServerProgram);
        }
        var info = new ProcessStartInfo(ServerProgram) { UseShellExecute = false, WorkingDirectory = Dir };
        info.ArgumentList.Add("-n");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(ConfigPath);
        process = Process.Start(info)!;
        WaitReady();
    }

    /// <summary>
    /// Waits until the server answers, its first autostart pass has run (no autostart program still "Not
    /// started": the server answers before that pass) and no autostarted process is still STARTING.
    /// </summary>
    public void WaitReady()
    {
        var autostart = AutostartPrograms();
        Wait.Until(() =>
        {
            if (!RpcInterface)
            {
                return Clients.Ours(["-c", ConfigPath, "version"]).ExitCode == 3;
            }

            var r = Clients.Ours(["-c", ConfigPath, "status"]);
            return r.ExitCode is 0 or 3 && !r.Stdout.Contains("STARTING", StringComparison.Ordinal) &&
                !r.Stdout.Split('\n').Any(line => line.Contains("Not started", StringComparison.Ordinal) &&
                    autostart.Any(program => Names(line, program)));
        }, "supervisord to come up");
    }

    /// <summary>The [program:x] sections of <see cref="ProgramsText"/> without autostart=false.</summary>
    private List<string> AutostartPrograms()
    {
        var result = new List<string>();
        foreach (var section in ProgramsText.Split("[program:").Skip(1))
        {
            var name = section[..section.IndexOf(']')];
            if (!section.Split("\n[")[0].Contains("autostart=false", StringComparison.Ordinal))
            {
                result.Add(name);
            }
        }
        return result;
    }

    /// <summary>Whether a status line is about program x: "x", "g:x" or "x:x_00".</summary>
    private static bool Names(string line, string program)
    {
        var name = line.Split(' ', 2)[0];
        return name == program || name.EndsWith(":" + program, StringComparison.Ordinal) ||
            name.StartsWith(program + ":", StringComparison.Ordinal);
    }

    /// <summary>Waits for supervisord to exit by itself (after `shutdown`).</summary>
    public void WaitExited()
    {
        if (process is not null && !process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("supervisord did not exit");
        }
    }

    public void Stop()
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            _ = kill(process.Id, 15);
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }

        process.Dispose();
        process = null;
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // a child log still being written; the temp dir is left behind
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
