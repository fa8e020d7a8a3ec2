using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// What supernetd writes on its own fds 1 and 2 before and while it runs: through the file position it
/// shares with its caller (plain write, never pwrite), quietly when stdout is closed, and a clear exit-2
/// error when the main log cannot be opened.
/// </summary>
public sealed partial class StartupOutputTests
{
    [Fact]
    public void ForegroundOutputSharesTheFilePositionWithTheShell()
    {
        using var dir = new TempDir();
        var config = dir.Write("supervisord.conf", $"""
            [supervisord]
            logfile={dir.File("main.log")}
            pidfile={dir.File("sv.pid")}
            [program:p]
            command=/bin/sleep 60
            startsecs=0
            """);
        var output = dir.File("out.log");
        using var shell = System.Diagnostics.Process.Start("/bin/sh",
            ["-c", $"{{ echo a; '{Binaries.Supernetd}' -n -c '{config}'; echo b; }} > '{output}' 2>&1"])!;
        var started = Wait.For(() => File.Exists(output) && StartedPid().Match(File.ReadAllText(output)) is { Success: true } m ? m : null, "the started line");
        Wait.Until(() => File.ReadAllText(output).Contains("spawned: 'p'"), "p spawned");
        Native.kill(int.Parse(started.Groups[1].Value), 15);
        Assert.True(shell.WaitForExit(Wait.Default), "the shell did not finish");

        var lines = File.ReadAllText(output).Split('\n');
        Assert.Equal("a", lines[0]);
        Assert.Equal(["b", ""], lines[^2..]);
        Assert.All(lines[1..^2], l => Assert.Matches(LogLine(), l));
        Assert.Contains(lines, l => l.EndsWith("supervisord started with pid " + started.Groups[1].Value, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-v")]
    [InlineData("-c /nonexistent/supervisord.conf")]
    [InlineData("-h")]
    public void ShortOutputsShareTheFilePositionToo(string args)
    {
        using var dir = new TempDir();
        var output = dir.File("out.log");
        var (code, _) = SupervisorRun.Run("/bin/sh", ["-c", $"{{ echo a; '{Binaries.Supernetd}' {args}; echo b; }} > '{output}' 2>&1"]);
        Assert.Equal(0, code);
        var (_, alone) = SupervisorRun.Run(Binaries.Supernetd, args.Split(' '));
        Assert.Equal("a\n" + alone + "b\n", File.ReadAllText(output));
    }

    [Fact]
    public void ClosedStdoutEndsHelpQuietlyWithSupervisordsStatus()
    {
        // supervisord dies with a BrokenPipeError traceback and status 1; the status is what callers see.
        var script = "import os,subprocess,sys\nr,w=os.pipe()\nos.close(r)\n" +
                     "p=subprocess.run([sys.argv[1],'-h'],stdout=w,stderr=subprocess.PIPE)\nprint(p.returncode, repr(p.stderr))\n";
        Assert.Equal("1 b''\n", SupervisorRun.Run(Binaries.Python, ["-c", script, Binaries.Supernetd]).Output);
        var (code, output) = SupervisorRun.Run("/bin/bash", ["-c", $"'{Binaries.Supernetd}' -h | head -1; echo ${{PIPESTATUS[0]}}"]);
        Assert.Equal(0, code);
        // The whole text goes out in one write(2), so head has it before it can close the pipe.
        Assert.Matches(@"^\S+ -- run a set of [^\n]+\n0\n$", output);
    }

    [Fact]
    public void MainLogThatCannotBeOpenedIsAStartupError()
    {
        using var dir = new TempDir();
        var logDir = Directory.CreateDirectory(dir.File("logdir")).FullName;
        var config = dir.Write("supervisord.conf", $"""
            [supervisord]
            logfile={logDir}
            pidfile={dir.File("sv.pid")}
            """);
        var (code, output) = SupervisorRun.Run(Binaries.Supernetd, ["-n", "-c", config]);
        Assert.Equal(2, code);
        Assert.Equal($"Error: could not open the main log file {logDir}: it is a directory\nFor help, use {Binaries.Supernetd} -h\n", output);
        Assert.False(File.Exists(dir.File("sv.pid")));
    }

    /// <summary>supervisord's traceback ends "PermissionError: [Errno 13] Permission denied: PATH": the reason in its words, not .NET's.</summary>
    [Fact]
    public void MainLogWithoutPermissionNamesTheErrnoAsPythonDoes()
    {
        using var dir = new TempDir();
        var logDir = Directory.CreateDirectory(dir.File("logdir")).FullName;
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(logDir, (UnixFileMode)0b111_101_101);
        var config = dir.Write("supervisord.conf", $"""
            [supervisord]
            logfile={logDir}/main.log
            pidfile={dir.File("sv.pid")}
            """);
        File.SetUnixFileMode(config, (UnixFileMode)0b110_100_100);
        // A copy nobody can reach whatever the checkout's directories allow (the binary needs nothing beside it).
        var daemon = dir.File("supernetd");
        Binaries.CopyExecutable(Binaries.Supernetd, daemon, (UnixFileMode)0b111_101_101);
        // As nobody, in a directory only root may write.
        var (code, output) = SupervisorRun.Run("/usr/bin/setpriv",
            ["--reuid", "65534", "--regid", "65534", "--clear-groups", daemon, "-n", "-c", config]);
        Assert.Equal(2, code);
        Assert.Equal($"Error: could not open the main log file {logDir}/main.log: [Errno 13] Permission denied\nFor help, use {daemon} -h\n", output);
    }

    [Fact]
    public void MinfdsBeyond32BitsGetsSupervisordsLimitError()
    {
        using var dir = new TempDir();
        var config = dir.Write("supervisord.conf", $"""
            [supervisord]
            logfile={dir.File("main.log")}
            pidfile={dir.File("sv.pid")}
            minfds=99999999999
            """);
        var (realCode, real) = SupervisorRun.Run(Binaries.Supervisord, ["-n", "-c", config]);
        var (code, ours) = SupervisorRun.Run(Binaries.Supernetd, ["-n", "-c", config]);
        Assert.Equal(2, realCode);
        Assert.Equal(realCode, code);
        Assert.Equal(FirstError(real), FirstError(ours));
    }

    private static string FirstError(string output) => output.Split('\n').First(l => l.StartsWith("Error: ", StringComparison.Ordinal));

    [GeneratedRegex(@"supervisord started with pid (\d+)\n")]
    private static partial Regex StartedPid();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]{4} \S")]
    private static partial Regex LogLine();
}
