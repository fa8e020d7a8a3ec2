using System.Diagnostics;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// [supervisord] directory: entered as the daemon detaches at its first start (never with -n), so a program
/// without a directory= of its own starts there; the main log says so after "daemonizing the supervisord process".
/// </summary>
public sealed class DaemonDirectoryTests
{
    [Fact]
    public void A_detaching_daemon_enters_the_directory_and_its_programs_start_there()
    {
        var theirs = Detached(Implementation.Supervisord);
        var ours = Detached(Implementation.SuperNet);
        Assert.Equal("<DIR>/work\n", theirs.ChildOutput);
        Assert.Contains("INFO set current directory: '<DIR>/work'", theirs.Log);
        Assert.Equal(theirs, ours);
    }

    /// <summary>It is entered after dropping privileges: a directory the user may not enter is a CRIT line, and the programs start where the daemon was.</summary>
    [Fact]
    public void A_directory_the_user_cannot_enter_is_reported_and_the_daemon_goes_on()
    {
        var theirs = Detached(Implementation.Supervisord, locked: true);
        var ours = Detached(Implementation.SuperNet, locked: true);
        Assert.Contains("CRIT can't chdir into '<DIR>/work': [Errno 13] Permission denied: '<DIR>/work'", theirs.Log);
        Assert.Equal(theirs, ours);
    }

    /// <summary>
    /// Not supervisord's behaviour: it reads a relative -c against the directory it entered, so its reread fails
    /// ("could not find config file") and a restart exits. supernetd keeps reading the file it started with.
    /// </summary>
    [Fact]
    public void A_relative_config_path_is_still_found_after_entering_the_directory()
    {
        using var dir = new TempDir();
        var config = WriteConfig(dir);
        var start = new ProcessStartInfo(Binaries.Supernetd) { WorkingDirectory = dir.Path, ArgumentList = { "-c", Path.GetFileName(config) } };
        using (var caller = Process.Start(start)!)
        {
            Assert.True(caller.WaitForExit(Wait.Default), "the caller did not return");
            Assert.Equal(0, caller.ExitCode);
        }
        var pid = WaitForPid(dir);
        try
        {
            Wait.Until(() => File.Exists(dir.File("p.out")) && File.ReadAllText(dir.File("p.out")).Length > 0, "p's output");
            Assert.Equal(dir.File("work"), new FileInfo($"/proc/{pid}/cwd").LinkTarget);
            Assert.Equal((0, "No config updates to processes\n"), SupervisorRun.Run(Binaries.Supervisorctl, ["-c", config, "reread"]));
        }
        finally
        {
            Native.kill(pid, 15);
        }
        Wait.Until(() => ProcessTree.Stat(pid) is null or { State: 'Z' }, "the daemon to exit");
    }

    private sealed record Outcome(string ChildOutput, string Log);

    private static Outcome Detached(Implementation implementation, bool locked = false)
    {
        using var dir = new TempDir();
        var config = WriteConfig(dir, locked ? "nobody" : "root");
        if (locked)
        {
            // nobody writes the logs and the pidfile here, and may not enter work/.
            File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_111_111);
            File.SetUnixFileMode(dir.File("work"), (UnixFileMode)0b111_000_000);
        }
        var (code, output) = SupervisorRun.Run(implementation == Implementation.SuperNet ? Binaries.Supernetd : Binaries.Supervisord, ["-c", config]);
        Assert.Equal((0, ""), (code, output));
        var pid = WaitForPid(dir);
        try
        {
            Wait.Until(() => File.Exists(dir.File("p.out")) && File.ReadAllText(dir.File("p.out")).Length > 0, "p's output");
        }
        finally
        {
            Native.kill(pid, 15);
        }
        Wait.Until(() => ProcessTree.Stat(pid) is null or { State: 'Z' }, "the daemon to exit");
        var log = File.ReadAllLines(dir.File("main.log"))
            .Select(LogLine.Parse).OfType<LogLine>()
            .Select(Normalize.Line)
            .TakeWhile(l => !l.Contains("spawned: 'p'", StringComparison.Ordinal));
        return new Outcome(File.ReadAllText(dir.File("p.out")).Replace(dir.Path, "<DIR>", StringComparison.Ordinal),
            string.Join('\n', log).Replace(dir.Path, "<DIR>", StringComparison.Ordinal));
    }

    private static string WriteConfig(TempDir dir, string user = "root")
    {
        Directory.CreateDirectory(dir.File("work"));
        return dir.Write("supervisord.conf", $"""
            [supervisord]
            logfile={dir.File("main.log")}
            pidfile={dir.File("sv.pid")}
            childlogdir={dir.Path}
            directory={dir.File("work")}
            user={user}

            [unix_http_server]
            file={dir.File("sv.sock")}
            username=u
            password=p

            [supervisorctl]
            serverurl=unix://{dir.File("sv.sock")}
            username=u
            password=p

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [program:p]
            command=/bin/sh -c "pwd; exec /bin/sleep 60"
            stdout_logfile={dir.File("p.out")}
            """);
    }

    private static int WaitForPid(TempDir dir)
    {
        var pid = 0;
        Wait.Until(() => File.Exists(dir.File("sv.pid")) && int.TryParse(File.ReadAllText(dir.File("sv.pid")).Trim(), out pid), "the pidfile");
        return pid;
    }
}
