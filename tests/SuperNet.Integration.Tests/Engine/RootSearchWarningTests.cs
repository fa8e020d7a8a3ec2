using System.Diagnostics;
using System.Text;
using SuperNet.Core.Config;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// Root without -c gets a warning that the configuration was searched for. supervisord issues it through Python's
/// warnings module, which says a warning once per process: a SIGHUP restart reads the file again without a word,
/// and a daemonizing start says it once, before the fork.
/// </summary>
public sealed class RootSearchWarningTests
{
    [Theory]
    [InlineData(Implementation.Supervisord)]
    [InlineData(Implementation.SuperNet)]
    public void ARestartDoesNotRepeatTheWarning(Implementation implementation)
    {
        // Only root is warned; the suite runs as root (it spawns as other users elsewhere).
        Assert.Equal("root", Environment.UserName);
        using var dir = new TempDir();
        WriteConfig(dir);
        var stderr = new StringBuilder();
        using var daemon = Start(implementation, dir, ["-n"], stderr);
        try
        {
            WaitForStarted(dir, 1, daemon);
            Native.kill(daemon.Id, 1);
            WaitForStarted(dir, 2, daemon);
        }
        finally
        {
            Native.kill(daemon.Id, 15);
        }
        Assert.True(daemon.WaitForExit(Wait.Default), "the daemon did not exit");
        daemon.WaitForExit();
        Assert.Equal(1, Count(stderr));
    }

    [Theory]
    [InlineData(Implementation.Supervisord)]
    [InlineData(Implementation.SuperNet)]
    public void DaemonizingSaysItOnce(Implementation implementation)
    {
        Assert.Equal("root", Environment.UserName);
        using var dir = new TempDir();
        WriteConfig(dir);
        var stderr = new StringBuilder();
        using (var caller = Start(implementation, dir, [], stderr))
        {
            Assert.True(caller.WaitForExit(Wait.Default), "the caller did not return");
            caller.WaitForExit();
            Assert.Equal(0, caller.ExitCode);
        }
        var pid = 0;
        Wait.Until(() => File.Exists(dir.File("sv.pid")) && int.TryParse(File.ReadAllText(dir.File("sv.pid")).Trim(), out pid), "the pidfile");
        try
        {
            WaitForStarted(dir, 1, null);
        }
        finally
        {
            Native.kill(pid, 15);
        }
        Wait.Until(() => ProcessTree.Stat(pid) is null or { State: 'Z' }, "the daemon to exit");
        Assert.Equal(1, Count(stderr));
    }

    [Fact]
    public void TheWarningIsPrintedAsPythonsWarningsModulePrintsIt()
    {
        // A file that fails to parse ends both daemons at once, after the warning, with status 2.
        using var dir = new TempDir();
        dir.Write("supervisord.conf", $"[supervisord]\nlogfile={dir.File("main.log")}\nnodaemon=maybe\n");
        var oracle = RunToExit(Implementation.Supervisord, dir, []);
        var ours = RunToExit(Implementation.SuperNet, dir, []);
        Assert.StartsWith("/usr/lib/python3/dist-packages/supervisor/options.py:474: UserWarning: Supervisord is running as root", oracle.Stderr);
        Assert.Equal((2, oracle.Stderr), (ours.ExitCode, ours.Stderr));
        Assert.Equal(ConfigLocator.RootSearchWarningText + "Error: not a valid boolean value: 'maybe'\n", ours.Stderr);
    }

    [Fact]
    public void CheckConfigPrintsTheSameWarning()
    {
        using var dir = new TempDir();
        WriteConfig(dir);
        var checkedConfig = RunToExit(Implementation.SuperNet, dir, ["--check-config"]);
        Assert.Equal(0, checkedConfig.ExitCode);
        Assert.StartsWith(ConfigLocator.RootSearchWarningText, checkedConfig.Stderr);
    }

    /// <summary>Runs a daemon that exits by itself; stderr without its "For help" line, which names the program.</summary>
    private static (int ExitCode, string Stderr) RunToExit(Implementation implementation, TempDir dir, string[] args)
    {
        var psi = new ProcessStartInfo(implementation == Implementation.SuperNet ? Binaries.Supernetd : Binaries.Supervisord)
        {
            WorkingDirectory = dir.Path,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(Wait.Default), $"{implementation} did not exit");
        stdout.Wait();
        var kept = string.Concat(stderr.Split('\n').Where(l => !l.StartsWith("For help, use ", StringComparison.Ordinal)).Select(l => l + "\n"));
        return (process.ExitCode, kept[..^1]);
    }

    private static void WriteConfig(TempDir dir) =>
        // Found as ./supervisord.conf, the third place searched (nothing at the executables' ../etc or ..).
        dir.Write("supervisord.conf", $"""
            [supervisord]
            logfile={dir.File("main.log")}
            pidfile={dir.File("sv.pid")}
            childlogdir={dir.Path}
            user=root

            [program:p]
            command=/bin/sleep 60
            startsecs=0
            """);

    private static Process Start(Implementation implementation, TempDir dir, string[] args, StringBuilder stderr)
    {
        var psi = new ProcessStartInfo(implementation == Implementation.SuperNet ? Binaries.Supernetd : Binaries.Supervisord)
        {
            WorkingDirectory = dir.Path,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        var process = Process.Start(psi)!;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private static void WaitForStarted(TempDir dir, int occurrence, Process? daemon) =>
        Wait.Until(() =>
        {
            Assert.False(daemon is { HasExited: true }, "the daemon exited early");
            var log = dir.File("main.log");
            return File.Exists(log) && File.ReadAllLines(log).Count(l => l.Contains("spawned: 'p'", StringComparison.Ordinal)) >= occurrence;
        }, $"start #{occurrence}");

    private static int Count(StringBuilder stderr)
    {
        lock (stderr)
        {
            return stderr.ToString().Split('\n').Count(l => l.Contains(ConfigLocator.RootSearchWarning, StringComparison.Ordinal));
        }
    }
}
