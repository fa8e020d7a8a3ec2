using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.FastCgi;

/// <summary>
/// [fcgi-program:x] against supervisord 4.2.5 on the same config (issue 13): the socket made (and closed) once
/// when the group is created, made again before the first spawn, shared by every process as fd 0 (a real
/// FastCGI responder accepts on it), closed after the last process exited, and made anew by `update`.
/// </summary>
public sealed partial class FastCgiTests
{
    private static string Responder => Path.Combine(AppContext.BaseDirectory, "FastCgi", "responder.py");

    private static string Config(string socket, int numprocs, string extra = "") => $"""
        [supervisord]
        logfile={"{DIR}"}/main.log
        pidfile={"{DIR}"}/sv.pid
        childlogdir={"{DIR}"}
        silent=true

        [unix_http_server]
        file={"{DIR}"}/sv.sock

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [supervisorctl]
        serverurl=unix://{"{DIR}"}/sv.sock

        [fcgi-program:fc]
        command={Binaries.Python} {Responder}
        socket={socket}
        process_name=%(program_name)s_%(process_num)d
        numprocs={numprocs}
        startsecs=0
        {extra}
        """;

    [GeneratedRegex(@"spawned: '(\S+)' with pid (\d+)")]
    private static partial Regex SpawnedLine();

    [GeneratedRegex(@"^(\w+ )stopped: \S+ ")]
    private static partial Regex StoppedName();

    private static HashSet<string> Pids(SupervisorRun run) =>
        [.. run.Log().Select(l => SpawnedLine().Match(l.Message)).Where(m => m.Success).Select(m => m.Groups[2].Value)];

    /// <summary>Asks the responders a few times; each answer must come from a process the daemon spawned.</summary>
    private static void AssertAnswered(SupervisorRun run, EndPoint endpoint)
    {
        for (var i = 0; i < 3; i++)
        {
            var answer = FastCgiClient.Request(endpoint);
            Assert.StartsWith("Content-Type: text/plain\r\n\r\npid ", answer);
            Assert.Contains(answer.Split(' ')[^1].Trim(), Pids(run));
        }
    }

    /// <summary>Socket, spawn and stop lines; a stop's process name is dropped (processes stopped together exit in any order).</summary>
    private static List<string> SocketStory(SupervisorRun run, string socketText) =>
        [.. run.Log()
            .Where(l => l.Message.Contains(" socket ", StringComparison.Ordinal) || l.Message.StartsWith("spawned: ", StringComparison.Ordinal)
                || l.Message.StartsWith("stopped: ", StringComparison.Ordinal))
            .Select(l => StoppedName().Replace(Normalize.Line(l).Replace(socketText, "SOCKET", StringComparison.Ordinal), "${1}stopped: "))];

    [Fact]
    public void UnixSocketIsSharedAsFdZeroClosedAfterTheLastExitAndRemadeByUpdate()
    {
        using var runs = new SideBySide(Config("unix://{DIR}/fcgi.sock", 2, "socket_mode=0660"));
        runs.WaitForLog("success: fc_1 ");
        foreach (var run in runs.Both)
        {
            var path = run.Dir.File("fcgi.sock");
            var endpoint = new UnixDomainSocketEndPoint(path);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite,
                File.GetUnixFileMode(path));
            AssertAnswered(run, endpoint);

            Assert.Equal((0, "fc:fc_0: stopped\n"), run.Ctl("stop", "fc:fc_0"));
            AssertAnswered(run, endpoint);
            Assert.Equal((0, "fc:fc_1: stopped\n"), run.Ctl("stop", "fc:*"));
            Assert.Throws<SocketException>(() => FastCgiClient.Request(endpoint));
            run.Ctl("start", "fc:*");
            AssertAnswered(run, endpoint);

            File.WriteAllText(run.ConfigPath, File.ReadAllText(run.ConfigPath).Replace("numprocs=2", "numprocs=3", StringComparison.Ordinal));
            Assert.Equal((0, "fc: stopped\nfc: updated process group\n"), run.Ctl("update"));
            run.WaitForLog("success: fc_2 ");
            AssertAnswered(run, endpoint);
        }
        Assert.Equal((0, 0), runs.Shutdown());

        var expected = SocketStory(runs.Oracle, runs.Oracle.Dir.Path);
        Assert.Equal(SocketStory(runs.Ours, runs.Ours.Dir.Path), expected);
        Assert.Equal(
            [
                "INFO Creating socket unix://SOCKET/fcgi.sock", "INFO Closing socket unix://SOCKET/fcgi.sock",
                "INFO Creating socket unix://SOCKET/fcgi.sock", "INFO spawned: 'fc_0' with pid N", "INFO spawned: 'fc_1' with pid N",
            ],
            expected.Take(5));
    }

    [Fact]
    public void TcpSocketServesEveryProcessWithTheSameLogLines()
    {
        var stories = new List<List<string>>();
        foreach (var implementation in new[] { Implementation.Supervisord, Implementation.SuperNet })
        {
            var port = FreePort();
            using var run = SupervisorRun.Start(implementation, Config($"tcp://127.0.0.1:{port}", 2, "socket_backlog=16"));
            run.WaitForLog("success: fc_1 ");
            AssertAnswered(run, new IPEndPoint(IPAddress.Loopback, port));
            run.Signal(15);
            Assert.Equal(0, run.WaitForExit());
            stories.Add(SocketStory(run, $"127.0.0.1:{port}"));
        }
        Assert.Equal(stories[0], stories[1]);
        Assert.Equal("INFO Closing socket tcp://SOCKET", stories[0][^1]);
    }

    [Fact]
    public void SocketInUseAtStartUpStopsTheDaemonWithSupervisordsMessageAndStatus()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen();
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var message = $"Could not create FastCGI socket tcp://127.0.0.1:{port}: [Errno 98] Address already in use";

        using var oracle = SupervisorRun.Start(Implementation.Supervisord, Config($"tcp://127.0.0.1:{port}", 1));
        Assert.Equal(1, oracle.WaitForExit());
        Wait.Until(() => oracle.Stderr.Contains("ValueError: " + message, StringComparison.Ordinal), "supervisord's traceback");

        using var ours = SupervisorRun.Start(Implementation.SuperNet, Config($"tcp://127.0.0.1:{port}", 1));
        Assert.Equal(1, ours.WaitForExit());
        Wait.Until(() => ours.Stderr.Length > 0, "supernetd's error");
        Assert.Equal($"Error: {message}\n", ours.Stderr);
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
