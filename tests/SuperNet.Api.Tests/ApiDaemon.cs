using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Api.Tests;

/// <summary>How a test reaches the daemon: its unix socket or its TCP port (both with the same Basic auth).</summary>
public enum Transport
{
    Unix,
    Tcp,
}

/// <summary>
/// One published supernetd serving a unix socket and a TCP port, both with Basic auth, on a config with a plain
/// program, a two-process group, a stdin echo and a program that writes to stdout and stderr.
/// </summary>
public sealed class ApiDaemon : IDisposable
{
    public const string User = "api";
    public const string Password = "s3cret";

    public ApiDaemon() : this("", [])
    {
    }

    /// <param name="extraPrograms">More sections; their programs must start by themselves unless listed in <paramref name="notStarted"/>.</param>
    public static ApiDaemon With(string extraPrograms, params string[] notStarted) => new(extraPrograms, notStarted);

    private ApiDaemon(string extraPrograms, string[] notStarted)
    {
        Port = FreePort();
        Run = SupervisorRun.Start(Implementation.SuperNet, $$"""
            [supervisord]
            logfile={DIR}/main.log
            pidfile={DIR}/sv.pid
            childlogdir={DIR}
            silent=true

            [unix_http_server]
            file={DIR}/sv.sock
            username={{User}}
            password={{Password}}

            [inet_http_server]
            port=127.0.0.1:{{Port}}
            username={{User}}
            password={{Password}}

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [program:sleeper]
            command=/bin/sleep 1000
            startsecs=0

            [program:web]
            command=/bin/sleep 1000
            process_name=%(program_name)s_%(process_num)s
            numprocs=2
            startsecs=0

            [program:echo]
            command=/bin/cat
            startsecs=0

            [program:idle]
            command=/bin/sleep 1000
            autostart=false
            startsecs=0

            [program:talker]
            command=/bin/sh -c 'echo hello-out; echo hello-err >&2; exec /bin/sleep 1000'
            startsecs=0

            {{extraPrograms}}
            """);
        Run.WaitForLog("success: talker ");
        Wait.Until(() => Get(Transport.Unix, "/api/v1/processes").Json().EnumerateArray()
            .All(p => p.GetProperty("name").GetString() is "idle" || notStarted.Contains(p.GetProperty("name").GetString())
                || p.GetProperty("statename").GetString() == "RUNNING"),
            "every autostarted program RUNNING");
    }

    public SupervisorRun Run { get; }
    public int Port { get; }
    public string Socket => Run.SocketPath;

    public HttpClient Client(Transport transport, bool authenticated = true)
    {
        HttpClient client;
        if (transport == Transport.Unix)
        {
            var path = Socket;
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            };
            client = new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
        }
        else
        {
            client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };
        }
        client.Timeout = TimeSpan.FromSeconds(60);
        if (authenticated)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        }
        return client;
    }

    public Answer Get(Transport transport, string path) => Send(transport, HttpMethod.Get, path);

    public Answer Post(Transport transport, string path, string? body = null) => Send(transport, HttpMethod.Post, path, body);

    public Answer Send(Transport transport, HttpMethod method, string path, string? body = null, bool authenticated = true)
    {
        using var client = Client(transport, authenticated);
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/octet-stream");
        }
        using var response = client.Send(request);
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text,
            response.Content.Headers.Allow.Count > 0 ? string.Join(",", response.Content.Headers.Allow) : null);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => Run.Dispose();
}

/// <summary>One HTTP answer, read whole.</summary>
public sealed record Answer(HttpStatusCode Status, string? ContentType, string Body, string? Allow)
{
    public JsonElement Json()
    {
        Assert.True(ContentType == "application/json", $"expected JSON, got {ContentType}: {Body}");
        return JsonDocument.Parse(Body).RootElement.Clone();
    }

    /// <summary>An error answer: the status, and a JSON body with supervisord's fault name and code.</summary>
    public JsonElement AssertFault(HttpStatusCode status, string fault, int code)
    {
        Assert.True(Status == status, $"expected {(int)status}, got {(int)Status}: {Body}");
        var json = Json();
        Assert.Equal(fault, json.GetProperty("fault").GetString());
        Assert.Equal(code, json.GetProperty("code").GetInt32());
        Assert.StartsWith(fault, json.GetProperty("message").GetString());
        return json;
    }
}
