using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// logfile=syslog with a syslog daemon that stopped reading: /dev/log is a datagram socket whose queue is full
/// (net.unix.max_dgram_qlen, 10 by default). supernetd sent each line with a blocking send, as syslog(3) does, so
/// the first line past the queue held the supervisor thread for good: no restart, no answer. Now a send never
/// waits; what the socket refuses is counted and reported there once it takes messages again. The socket is
/// bound over /dev/log in a mount namespace of the daemon's own (no option moves it, as none does in supervisord).
/// </summary>
public sealed class StuckSyslogTests
{
    [Fact]
    public void A_syslog_socket_nobody_reads_holds_up_neither_restarts_nor_requests_and_its_drops_are_reported()
    {
        using var socketDir = new TempDir();
        using var devLog = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        devLog.Bind(new UnixDomainSocketEndPoint(socketDir.File("log")));
        string runs = socketDir.File("runs");
        using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
            [supervisord]
            logfile=syslog
            pidfile={socketDir.File("sv.pid")}
            childlogdir={socketDir.Path}

            [unix_http_server]
            file={socketDir.File("sv.sock")}

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [supervisorctl]
            serverurl=unix://{socketDir.File("sv.sock")}

            [program:crash]
            command=/bin/sh -c 'echo x >> {runs}; exit 1'
            process_name=%(program_name)s_%(process_num)s
            numprocs=4
            startsecs=0
            autorestart=true
            stdout_logfile=NONE
            """, new RunOptions(DevLog: socketDir.File("log")));

        // Three main-log lines a run (spawned, RUNNING, exited): 40 runs are far more lines than the queue holds.
        Wait.Until(() => Runs(runs) >= 40, "40 runs of the crash loop with /dev/log full");
        var status = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "status"], TimeSpan.FromSeconds(30));
        Assert.Matches(@"crash:crash_0\s+", status.Output);

        // The reader resumes: the next line the daemon logs is preceded by the count of what the full queue refused.
        devLog.ReceiveTimeout = (int)Wait.Default.TotalMilliseconds;
        var buffer = new byte[8192];
        var received = new List<string>();
        Match? report = null;
        Wait.Until(() =>
        {
            string message = Encoding.UTF8.GetString(buffer, 0, devLog.Receive(buffer));
            received.Add(message);
            report = Regex.Match(message,
                @"^<14>\w{3} [ \d]\d \d\d:\d\d:\d\d supernetd: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARN syslog \(/dev/log\) caught up after "
                + @"dropping (\d+) messages: its reader took none while its queue was full$");
            return report.Success;
        }, "the drop report on /dev/log");
        Assert.True(long.Parse(report!.Groups[1].Value) > 0);
        // What came before the report is the queue the reader left: whole main-log lines, none cut.
        Assert.All(received.SkipLast(1), m => Assert.Matches(@"^<14>.* supernetd: \d{4}-\d\d-\d\d [\d:,]+ [A-Z]{4} \S", m));
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    private static int Runs(string path) => File.Exists(path) ? File.ReadAllLines(path).Length : 0;
}
