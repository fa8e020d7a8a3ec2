using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using SuperNet.Integration.Tests.Harness;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace SuperNet.WebUi.Tests;

/// <summary>A daemon (supernetd unless told) with an authenticated HTTP server and real programs to show.</summary>
public sealed class WebUiDaemon : IDisposable
{
    public const string User = "admin";
    public const string Password = "s3cret";

    /// <summary>sleeper and printer start; idle waits stopped; printer writes a numbered line every 0.2 s, with markup and a terminal escape (ESC [0m).</summary>
    public const string Programs = """
        [program:sleeper]
        command=sleep 1000
        startsecs=0
        stopwaitsecs=2

        [program:printer]
        command=/bin/sh -c 'i=0; while true; do i=$((i+1)); printf "line $i <b>x</b> \033[0m\n"; sleep 0.2; done'
        startsecs=0
        stopwaitsecs=2

        [program:idle]
        command=sleep 1000
        autostart=false
        startsecs=0
        """;

    private WebUiDaemon(SupervisorRun run, int port)
    {
        Run = run;
        Port = port;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public SupervisorRun Run { get; }
    public int Port { get; }
    public string BaseUrl { get; }

    public static WebUiDaemon Start(Implementation implementation = Implementation.SuperNet)
    {
        var port = FreePort();
        var run = SupervisorRun.Start(implementation, $"""
            [inet_http_server]
            port=127.0.0.1:{port}
            username={User}
            password={Password}

            {Programs}
            """);
        var daemon = new WebUiDaemon(run, port);
        try
        {
            using var http = daemon.Client();
            Wait.Until(() => daemon.Ready(http), $"{implementation} serving / with sleeper and printer RUNNING");
        }
        catch
        {
            daemon.Dispose();
            throw;
        }
        return daemon;
    }

    /// <summary>A client that sends the credentials and never follows redirects, as a no-JavaScript check needs.</summary>
    public HttpClient Client(bool authenticated = true)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        if (authenticated)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{User}:{Password}")));
        }
        return http;
    }

    /// <summary>The state supervisorctl reports for a program (the oracle for what the page claims).</summary>
    public string State(string name)
    {
        var (_, output) = Run.Ctl("status", name);
        return output.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? output;
    }

    public int Pid(string name)
    {
        var (_, output) = Run.Ctl("pid", name);
        return int.TryParse(output.Trim(), out var pid) ? pid : 0;
    }

    private bool Ready(HttpClient http)
    {
        try
        {
            return http.GetAsync("/").Result.StatusCode == HttpStatusCode.OK && State("sleeper") == "RUNNING" && State("printer") == "RUNNING";
        }
        catch (AggregateException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public void Dispose() => Run.Dispose();
}
