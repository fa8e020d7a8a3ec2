using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace SuperNet.Api.Tests;

/// <summary>The server section's Basic auth guards every API URL and /metrics, on both transports.</summary>
public sealed class ApiAuthTests(ApiDaemon daemon) : IClassFixture<ApiDaemon>
{
    public static readonly TheoryData<Transport, string, string> Endpoints = Build();

    private static TheoryData<Transport, string, string> Build()
    {
        var data = new TheoryData<Transport, string, string>();
        (string, string)[] endpoints =
        [
            ("GET", "/api/v1/state"), ("GET", "/api/v1/processes"), ("GET", "/api/v1/processes/sleeper"), ("GET", "/api/v1/config"),
            ("POST", "/api/v1/processes/idle/start"), ("POST", "/api/v1/processes/sleeper/stop"), ("POST", "/api/v1/processes/sleeper/restart"),
            ("POST", "/api/v1/processes/sleeper/signal/HUP"), ("POST", "/api/v1/processes/echo/stdin"),
            ("GET", "/api/v1/processes/talker/log/stdout"), ("GET", "/api/v1/processes/talker/log/stdout?follow=1"),
            ("POST", "/api/v1/reread"), ("POST", "/api/v1/update"), ("GET", "/api/v1/openapi.json"), ("GET", "/metrics"),
        ];
        foreach (var transport in new[] { Transport.Unix, Transport.Tcp })
        {
            foreach (var (method, path) in endpoints)
            {
                data.Add(transport, method, path);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public void WithoutOrWithWrongCredentialsIs401AndNothingHappens(Transport transport, string method, string path)
    {
        var pidBefore = daemon.Get(transport, "/api/v1/processes/sleeper").Json().GetProperty("pid").GetInt32();
        var anonymous = daemon.Send(transport, new HttpMethod(method), path, method == "POST" ? "x" : null, authenticated: false);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);

        using var client = daemon.Client(transport, authenticated: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ApiDaemon.User}:wrong")));
        using var wrong = client.Send(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("Basic", wrong.Headers.WwwAuthenticate.ToString());

        Assert.Equal(pidBefore, daemon.Get(transport, "/api/v1/processes/sleeper").Json().GetProperty("pid").GetInt32());
        Assert.Equal("STOPPED", daemon.Get(transport, "/api/v1/processes/idle").Json().GetProperty("statename").GetString());
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.Tcp)]
    public void WithCredentialsTheSameRequestIsServed(Transport transport)
    {
        Assert.Equal(HttpStatusCode.OK, daemon.Get(transport, "/api/v1/state").Status);
        Assert.Equal(HttpStatusCode.OK, daemon.Get(transport, "/metrics").Status);
    }
}
