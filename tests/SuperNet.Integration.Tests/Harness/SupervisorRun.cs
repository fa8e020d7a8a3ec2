using System.Diagnostics;
using System.Text;

namespace SuperNet.Integration.Tests.Harness;

/// <summary>
/// How to wrap the daemon: plainly, as PID 1 of a new PID namespace, and/or with a terminal on stdin; with extra
/// arguments and environment variables (e.g. PYTHONPATH for a plugin supervisord imports); inside a cgroup (the
/// cgroup.procs file of a <see cref="PidsCgroup"/>); as the child of tini, PID 1 of a new PID namespace (`docker run
/// --init`), with its stdout the wrapper's or a file (StdoutFile); with a socket of the test's own as its /dev/log
/// (DevLog), the path syslog(3) and logfile=syslog write to, which no option moves.
/// </summary>
public sealed record RunOptions(bool AsPid1 = false, bool WithTty = false, IReadOnlyList<string>? ExtraArgs = null,
    IReadOnlyDictionary<string, string>? Environment = null, string? DaemonPath = null, bool WithoutProc = false,
    bool WithoutDev = false, string? CgroupProcs = null, bool OwnDev = false, bool UnderTini = false, string? StdoutFile = null,
    string? DevLog = null);

/// <summary>
/// A real supervisor process (supernetd or supervisord) running a config in a scratch directory, in the
/// foreground, with its main log in that directory. Tests read the log and the child log files.
/// </summary>
public sealed class SupervisorRun : IDisposable
{
    // A /dev of its own holding what an image's has: null and the std links.
    private const string ImageDev = "mount -t tmpfs none /dev && mknod -m 666 /dev/null c 1 3 && ln -s /proc/self/fd/1 /dev/stdout "
        + "&& ln -s /proc/self/fd/2 /dev/stderr";

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    public Implementation Implementation { get; }
    public TempDir Dir { get; }
    public string ConfigPath { get; }
    public string LogPath { get; }
    public string SocketPath { get; }

    private SupervisorRun(Implementation implementation, TempDir dir, string configPath, RunOptions options)
    {
        Implementation = implementation;
        Dir = dir;
        ConfigPath = configPath;
        LogPath = dir.File("main.log");
        SocketPath = dir.File("sv.sock");

        var daemon = options.DaemonPath ?? (implementation == Implementation.SuperNet ? Binaries.Supernetd : Binaries.Supervisord);
        var args = new List<string> { daemon, "-n", "-c", configPath };
        args.AddRange(options.ExtraArgs ?? []);
        if (options.WithoutProc)
        {
            // A mount namespace of its own with /proc unmounted, as in a bare chroot.
            args.InsertRange(0, ["unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", "umount -l /proc && exec \"$@\"", "sh"]);
        }
        if (options.WithoutDev)
        {
            // A mount namespace of its own with an empty /dev: no /dev/null, as in a bare chroot.
            args.InsertRange(0, ["unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", "mount -t tmpfs none /dev && exec \"$@\"", "sh"]);
        }
        if (options.OwnDev)
        {
            // A mount namespace of its own with a /dev of its own holding what an image's has: null and the std links.
            // What the daemon does to /dev/stdout there cannot reach the machine's.
            args.InsertRange(0, ["unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", ImageDev + " && exec \"$@\"", "sh"]);
        }
        if (options.DevLog is { } devLog)
        {
            // As OwnDev, and the test's socket bound over an empty /dev/log there: the machine's /dev is untouched.
            args.InsertRange(0, ["unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
                ImageDev + " && touch /dev/log && mount --bind \"$0\" /dev/log && exec \"$@\"", devLog]);
        }
        if (options.StdoutFile is { } stdoutFile)
        {
            args.InsertRange(0, ["/bin/sh", "-c", "exec \"$@\" > \"$0\"", stdoutFile]);
        }
        if (options.UnderTini)
        {
            // tini forwards signals to its child and exits with its status.
            args.InsertRange(0, ["/usr/bin/tini", "--"]);
        }
        if (options.AsPid1 || options.UnderTini)
        {
            args.InsertRange(0, ["unshare", "--pid", "--fork", "--mount-proc"]);
        }
        if (options.CgroupProcs is { } procs)
        {
            // Moved in before anything else starts, so the daemon and all it starts are inside.
            args.InsertRange(0, ["/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", procs]);
        }
        if (options.WithTty)
        {
            // script(1) gives the daemon a pseudo-terminal on stdin, as `docker run -it` does.
            var command = string.Join(' ', args.Select(ShellQuote));
            args = ["script", "-qfec", command, "/dev/null"];
        }

        var psi = new ProcessStartInfo(args[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = !options.WithTty,
            WorkingDirectory = dir.Path,
        };
        foreach (var a in args.Skip(1))
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (name, value) in options.Environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + args[0]);
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (_stdout) { _stdout.AppendLine(e.Data); } } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (_stderr) { _stderr.AppendLine(e.Data); } } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// Starts <paramref name="implementation"/> on <paramref name="body"/>: program sections and anything else.
    /// The [supervisord] section (log, pid file, childlogdir in the scratch dir) and a unix socket are added
    /// unless the body has its own [supervisord].
    /// </summary>
    public static SupervisorRun Start(Implementation implementation, string body, RunOptions? options = null, string loglevel = "info")
    {
        var dir = new TempDir();
        var text = body.Contains("[supervisord]", StringComparison.Ordinal)
            ? body
            : $"""
              [supervisord]
              logfile={dir.File("main.log")}
              pidfile={dir.File("sv.pid")}
              childlogdir={dir.Path}
              loglevel={loglevel}
              silent=true

              [unix_http_server]
              file={dir.File("sv.sock")}

              [rpcinterface:supervisor]
              supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

              [supervisorctl]
              serverurl=unix://{dir.File("sv.sock")}

              {body}
              """;
        var config = dir.Write("supervisord.conf", text.Replace("{HELPER}", Binaries.Helper).Replace("{DIR}", dir.Path));
        return new SupervisorRun(implementation, dir, config, options ?? new RunOptions());
    }

    public int WrapperPid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public string Stdout { get { lock (_stdout) { return _stdout.ToString(); } } }
    public string Stderr { get { lock (_stderr) { return _stderr.ToString(); } } }

    /// <summary>The daemon's pid as seen from here (the wrapper's descendant when run under unshare/script).</summary>
    public int DaemonPid
    {
        get
        {
            int? pid = null;
            Wait.Until(() => (pid = FindDaemon()) is not null, "the daemon process");
            return pid!.Value;
        }
    }

    private int? FindDaemon()
    {
        var name = Implementation == Implementation.SuperNet ? "supernetd" : "supervisord";
        foreach (var pid in ProcessTree.Descendants(_process.Id).Prepend(_process.Id))
        {
            if (ProcessTree.CommandLine(pid) is { } cmd && cmd.Count > 0 &&
                (Path.GetFileName(cmd[0]) == name || cmd.Count > 1 && Path.GetFileName(cmd[1]) == name))
            {
                return pid;
            }
        }
        return null;
    }

    public IReadOnlyList<LogLine> Log()
    {
        if (!File.Exists(LogPath))
        {
            return [];
        }
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<LogLine>();
        while (reader.ReadLine() is { } line)
        {
            if (LogLine.Parse(line) is { } parsed)
            {
                lines.Add(parsed);
            }
        }
        return lines;
    }

    /// <summary>Waits for a main-log line containing <paramref name="fragment"/> and returns it; fails fast if the daemon died.</summary>
    public LogLine WaitForLog(string fragment, TimeSpan? timeout = null, int occurrence = 1)
    {
        LogLine? found = null;
        var exitedEarly = false;
        try
        {
            Wait.Until(() =>
            {
                found = Log().Where(l => l.Message.Contains(fragment, StringComparison.Ordinal)).Skip(occurrence - 1).FirstOrDefault();
                exitedEarly = found is null && _process.HasExited;
                return found is not null || exitedEarly;
            }, $"log line '{fragment}' (#{occurrence}) from {Implementation}", timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{Diagnostics()}");
        }
        if (exitedEarly)
        {
            throw new InvalidOperationException(
                $"{Implementation} exited ({_process.ExitCode}) before logging '{fragment}' (#{occurrence})\n{Diagnostics()}");
        }
        return found!;
    }

    public string Diagnostics() =>
        $"--- main log:\n{string.Join('\n', Log())}\n--- stdout:\n{Stdout}\n--- stderr:\n{Stderr}";

    public void Signal(int signal)
    {
        if (Native.kill(DaemonPid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({DaemonPid}, {signal}) failed");
        }
    }

    public int WaitForExit(TimeSpan? timeout = null)
    {
        if (!_process.WaitForExit(timeout ?? Wait.Default))
        {
            throw new TimeoutException($"{Implementation} did not exit\n{string.Join('\n', Log())}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Runs the real supervisorctl against this run's socket.</summary>
    public (int ExitCode, string Output) Ctl(params string[] args) => Run(Binaries.Supervisorctl, ["-c", ConfigPath, .. args]);

    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? Wait.Default))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private static string ShellQuote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            foreach (var pid in ProcessTree.Descendants(_process.Id).Reverse())
            {
                Native.kill(pid, 9);
            }
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process.Dispose();
        Dir.Dispose();
    }
}
