using System.Net;

namespace SuperNet.Api.Tests;

/// <summary>Bad specs, paths, methods and arguments: a fitting status and a JSON body with supervisord's fault.</summary>
public sealed class ApiErrorTests(ApiDaemon daemon) : IClassFixture<ApiDaemon>
{
    private static readonly OpenApiSchema Schema = OpenApiSchema.Checked;

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.Tcp)]
    public void UnknownNamesAreBadName404(Transport transport)
    {
        Documented("/api/v1/processes/{spec}", "get", daemon.Get(transport, "/api/v1/processes/nope").AssertFault(HttpStatusCode.NotFound, "BAD_NAME", 10));
        daemon.Get(transport, "/api/v1/processes/nogroup:*").AssertFault(HttpStatusCode.NotFound, "BAD_NAME", 10);
        daemon.Get(transport, "/api/v1/processes/web:web_9").AssertFault(HttpStatusCode.NotFound, "BAD_NAME", 10);
        Documented("/api/v1/processes/{spec}/start", "post", daemon.Post(transport, "/api/v1/processes/nope/start").AssertFault(HttpStatusCode.NotFound, "BAD_NAME", 10));
        daemon.Post(transport, "/api/v1/processes/nope:*/stop").AssertFault(HttpStatusCode.NotFound, "BAD_NAME", 10);
        daemon.Post(transport, "/api/v1/processes/nope/stdin", "x").AssertFault(HttpStatusCode.NotFound, "BAD_NAME", 10);
        daemon.Get(transport, "/api/v1/processes/nope/log/stdout").AssertFault(HttpStatusCode.NotFound, "BAD_NAME", 10);
        daemon.Get(transport, "/api/v1/processes/nope/log/stdout?follow=1").AssertFault(HttpStatusCode.NotFound, "BAD_NAME", 10);
        var message = daemon.Get(transport, "/api/v1/processes/nope").Json().GetProperty("message").GetString();
        Assert.Equal("BAD_NAME: nope", message);
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.Tcp)]
    public void UnknownPathsAre404(Transport transport)
    {
        daemon.Get(transport, "/api/v1/nothing").AssertFault(HttpStatusCode.NotFound, "UNKNOWN_METHOD", 1);
        daemon.Get(transport, "/api/v1/processes/sleeper/log/stdlog").AssertFault(HttpStatusCode.NotFound, "UNKNOWN_METHOD", 1);
        daemon.Post(transport, "/api/v1/processes/sleeper/explode").AssertFault(HttpStatusCode.NotFound, "UNKNOWN_METHOD", 1);
        daemon.Get(transport, "/api/v2/processes").AssertFault(HttpStatusCode.NotFound, "UNKNOWN_METHOD", 1);
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.Tcp)]
    public void WrongMethodsAre405WithAllow(Transport transport)
    {
        var delete = daemon.Send(transport, HttpMethod.Delete, "/api/v1/processes");
        delete.AssertFault(HttpStatusCode.MethodNotAllowed, "UNKNOWN_METHOD", 1);
        Assert.Equal("GET", delete.Allow);
        var get = daemon.Get(transport, "/api/v1/processes/sleeper/start");
        get.AssertFault(HttpStatusCode.MethodNotAllowed, "UNKNOWN_METHOD", 1);
        Assert.Equal("POST", get.Allow);
        Assert.Equal("POST", daemon.Get(transport, "/api/v1/reread").Allow);
        Assert.Equal("GET", daemon.Post(transport, "/api/v1/state").Allow);
        Assert.Equal("GET", daemon.Send(transport, HttpMethod.Put, "/metrics").Allow);
    }

    // A client that reads the text (curl) saw "the body\u0027s Content-Length": valid JSON, but not what was meant.
    [Fact]
    public void Stdin_without_a_length_is_411_and_its_message_keeps_the_apostrophe()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Connect(IPAddress.Loopback, daemon.Port);
        var credentials = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{ApiDaemon.User}:{ApiDaemon.Password}"));
        socket.Send(System.Text.Encoding.ASCII.GetBytes(
            $"POST /api/v1/processes/echo/stdin HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {credentials}\r\nConnection: close\r\n\r\n"));
        using var stream = new System.Net.Sockets.NetworkStream(socket);
        stream.ReadTimeout = 60_000;
        var answer = new StreamReader(stream).ReadToEnd();
        Assert.StartsWith("HTTP/1.1 411 ", answer, StringComparison.Ordinal);
        Assert.EndsWith("\"message\":\"INCORRECT_PARAMETERS: the body's Content-Length is required\"}", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.Tcp)]
    public void BadArgumentsAre400(Transport transport)
    {
        daemon.Post(transport, "/api/v1/processes/sleeper/start?wait=maybe").AssertFault(HttpStatusCode.BadRequest, "BAD_ARGUMENTS", 3);
        daemon.Get(transport, "/api/v1/processes/talker/log/stdout?offset=x").AssertFault(HttpStatusCode.BadRequest, "BAD_ARGUMENTS", 3);
        Documented("/api/v1/processes/{spec}/signal/{signal}", "post",
            daemon.Post(transport, "/api/v1/processes/sleeper/signal/NOPE").AssertFault(HttpStatusCode.BadRequest, "BAD_SIGNAL", 11));
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.Tcp)]
    public void ConflictsAre409(Transport transport)
    {
        var already = daemon.Post(transport, "/api/v1/processes/sleeper/start").AssertFault(HttpStatusCode.Conflict, "ALREADY_STARTED", 60);
        Assert.Equal("ALREADY_STARTED: sleeper", already.GetProperty("message").GetString());
        Documented("/api/v1/processes/{spec}/stop", "post",
            daemon.Post(transport, "/api/v1/processes/idle/stop").AssertFault(HttpStatusCode.Conflict, "NOT_RUNNING", 70));
        daemon.Post(transport, "/api/v1/processes/idle/stdin", "x").AssertFault(HttpStatusCode.Conflict, "NOT_RUNNING", 70);
    }

    /// <summary>The error answer is one the document lists for that operation, in the Error schema.</summary>
    private static void Documented(string template, string method, System.Text.Json.JsonElement error)
    {
        var status = error.GetProperty("code").GetInt32() switch
        {
            10 => 404,
            11 => 400,
            _ => 409,
        };
        Schema.AssertMatches(template, method, status, "application/json", error);
    }
}
