using System.Diagnostics;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Rpc;

/// <summary>The unix socket's life in the real daemon (contract §1.1, traps 25): busy, stale, mode, owner, removal.</summary>
public sealed class SocketTests
{
    private const string AutoLogged = """
        [program:a]
        command=/bin/sleep 1000
        startsecs=0
        """;

    [Fact]
    public void SecondInstanceOnTheSameSocketExits2AsSupervisordDoes()
    {
        var messages = new Dictionary<Implementation, string>();
        foreach (var implementation in new[] { Implementation.SuperNet, Implementation.Supervisord })
        {
            using var first = SupervisorRun.Start(implementation, AutoLogged);
            first.WaitForLog("success: a ");
            var daemon = implementation == Implementation.SuperNet ? Binaries.Supernetd : Binaries.Supervisord;
            var (code, output) = SupervisorRun.Run(daemon, ["-n", "-c", first.ConfigPath]);
            Assert.Equal(2, code);
            messages[implementation] = output.Replace(daemon, "ARGV0", StringComparison.Ordinal);
            Assert.Equal(0, first.Ctl("status").ExitCode);
            if (implementation == Implementation.SuperNet)
            {
                // Unlike supervisord, the failed instance leaves the running one's AUTO logs alone.
                var info = first.Ctl("tail", "a").ExitCode;
                Assert.Equal(0, info);
                Assert.NotEmpty(Directory.GetFiles(first.Dir.Path, "a-stdout---supervisor-*.log"));
            }
            first.Signal(15);
            Assert.Equal(0, first.WaitForExit());
        }
        Assert.Equal(
            "Error: Another program is already listening on a port that one of our HTTP servers is configured to use.  " +
            "Shut this program down first before starting supervisord.\nFor help, use ARGV0 -h\n",
            messages[Implementation.SuperNet]);
        Assert.Equal(messages[Implementation.Supervisord], messages[Implementation.SuperNet]);
    }

    [Theory]
    [InlineData(Implementation.SuperNet)]
    [InlineData(Implementation.Supervisord)]
    public void StaleSocketIsReplacedAndRemovedAtExit(Implementation implementation)
    {
        using var first = SupervisorRun.Start(implementation, "");
        first.WaitForLog("supervisord started with pid");
        // SIGKILL leaves the socket file behind with nobody listening.
        first.Signal(9);
        first.WaitForExit();
        Assert.True(File.Exists(first.SocketPath));

        var daemon = implementation == Implementation.SuperNet ? Binaries.Supernetd : Binaries.Supervisord;
        var psi = new ProcessStartInfo(daemon) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-n", "-c", first.ConfigPath })
        {
            psi.ArgumentList.Add(a);
        }
        using var second = Process.Start(psi)!;
        try
        {
            var stderr = second.StandardError.ReadLineAsync();
            Assert.True(stderr.Wait(Wait.Default), "no stale-socket notice");
            Assert.Equal($"Unlinking stale socket {first.SocketPath}", stderr.Result);
            Wait.Until(() => first.Ctl("status").ExitCode == 0, "the new daemon serving on the socket");
            Native.kill(second.Id, 15);
            Assert.True(second.WaitForExit(20_000));
            Assert.Equal(0, second.ExitCode);
            Assert.False(File.Exists(first.SocketPath), "the socket file is removed at a clean exit");
        }
        finally
        {
            if (!second.HasExited)
            {
                second.Kill();
            }
        }
    }

    [Theory]
    [InlineData(Implementation.SuperNet)]
    [InlineData(Implementation.Supervisord)]
    public void SocketGetsModeAndOwnerFromConfig(Implementation implementation)
    {
        const string config = """
            [supervisord]
            logfile={DIR}/main.log
            pidfile={DIR}/sv.pid
            childlogdir={DIR}
            silent=true

            [unix_http_server]
            file={DIR}/sv.sock
            chmod=0660
            chown=nobody:nogroup

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [supervisorctl]
            serverurl=unix://{DIR}/sv.sock
            """;
        using var run = SupervisorRun.Start(implementation, config);
        run.WaitForLog("supervisord started with pid");
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite,
            File.GetUnixFileMode(run.SocketPath));
        Assert.Equal((0, "nobody:nogroup\n"), SupervisorRun.Run("/usr/bin/stat", ["-c", "%U:%G", run.SocketPath]));
        Assert.Equal(0, run.Ctl("status").ExitCode);
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    /// <summary>chmod= goes through the socket's descriptor's /proc link; where /proc is not mounted it must still apply.</summary>
    [Theory]
    [InlineData(Implementation.SuperNet)]
    [InlineData(Implementation.Supervisord)]
    public void SocketGetsItsModeWithoutProcMounted(Implementation implementation)
    {
        const string config = """
            [supervisord]
            logfile={DIR}/main.log
            pidfile={DIR}/sv.pid
            childlogdir={DIR}
            silent=true

            [unix_http_server]
            file={DIR}/sv.sock
            chmod=0600

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [supervisorctl]
            serverurl=unix://{DIR}/sv.sock
            """;
        using var run = SupervisorRun.Start(implementation, config, new RunOptions(WithoutProc: true));
        run.WaitForLog("supervisord started with pid");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(run.SocketPath));
        Assert.Equal(0, run.Ctl("status").ExitCode);
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }
}
