using System.Net;
using System.Text;
using System.Text.Json;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Api.Tests;

/// <summary>Every /api/v1 endpoint over the unix socket and TCP, each answer checked against docs/openapi.json.</summary>
public sealed class ApiEndpointTests(ApiDaemon daemon) : IClassFixture<ApiDaemon>
{
    private static readonly OpenApiSchema Schema = OpenApiSchema.Checked;

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.Tcp)]
    public void StateNamesTheDaemon(Transport transport)
    {
        var state = Ok(transport, "/api/v1/state", "/api/v1/state");
        Assert.Equal("RUNNING", state.GetProperty("statename").GetString());
        Assert.Equal(1, state.GetProperty("statecode").GetInt32());
        Assert.Equal(daemon.Run.DaemonPid, state.GetProperty("pid").GetInt32());
        Assert.Equal("4.2.5", state.GetProperty("supervisor_version").GetString());
        Assert.Equal("3.0", state.GetProperty("api_version").GetString());
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.Tcp)]
    public void ProcessesListsEveryProcessByGroupThenName(Transport transport)
    {
        var list = Ok(transport, "/api/v1/processes", "/api/v1/processes");
        var names = list.EnumerateArray().Select(p => p.GetProperty("group").GetString() + ":" + p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["echo:echo", "idle:idle", "sleeper:sleeper", "talker:talker", "web:web_0", "web:web_1"], names);
        var sleeper = list.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "sleeper");
        Assert.Equal("RUNNING", sleeper.GetProperty("statename").GetString());
        Assert.True(sleeper.GetProperty("pid").GetInt32() > 0);
        Assert.StartsWith("pid ", sleeper.GetProperty("description").GetString());
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.Tcp)]
    public void OneProcessOrOneGroup(Transport transport)
    {
        var one = Ok(transport, "/api/v1/processes/web:web_1", "/api/v1/processes/{spec}");
        Assert.Equal("web_1", one.GetProperty("name").GetString());
        Assert.Equal("web", one.GetProperty("group").GetString());
        var plain = Ok(transport, "/api/v1/processes/sleeper", "/api/v1/processes/{spec}");
        Assert.Equal("sleeper", plain.GetProperty("name").GetString());
        var group = Ok(transport, "/api/v1/processes/web:*", "/api/v1/processes/{spec}");
        Assert.Equal(["web_0", "web_1"], group.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var encoded = Ok(transport, "/api/v1/processes/web%3A%2A", "/api/v1/processes/{spec}");
        Assert.Equal(2, encoded.GetArrayLength());
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.Tcp)]
    public void ConfigListsEveryConfiguredProcess(Transport transport)
    {
        var config = Ok(transport, "/api/v1/config", "/api/v1/config");
        var sleeper = config.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "sleeper");
        Assert.Equal("/bin/sleep 1000", sleeper.GetProperty("command").GetString());
        Assert.True(sleeper.GetProperty("inuse").GetBoolean());
        Assert.Equal(6, config.GetArrayLength());
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.Tcp)]
    public void LogReadsBothChannelsFromAnOffset(Transport transport)
    {
        var stdout = Ok(transport, "/api/v1/processes/talker/log/stdout", "/api/v1/processes/{spec}/log/{channel}");
        Assert.Equal("hello-out\n", stdout.GetProperty("data").GetString());
        Assert.Equal(10, stdout.GetProperty("bytes").GetInt32());
        Assert.Equal(10, stdout.GetProperty("offset").GetInt64());
        Assert.False(stdout.GetProperty("overflow").GetBoolean());
        var stderr = Ok(transport, "/api/v1/processes/talker/log/stderr?offset=0&length=1000", "/api/v1/processes/{spec}/log/{channel}");
        Assert.Equal("hello-err\n", stderr.GetProperty("data").GetString());
        var rest = Ok(transport, "/api/v1/processes/talker/log/stdout?offset=10", "/api/v1/processes/{spec}/log/{channel}");
        Assert.Equal("", rest.GetProperty("data").GetString());
        var last = Ok(transport, "/api/v1/processes/talker/log/stdout?offset=0&length=4", "/api/v1/processes/{spec}/log/{channel}");
        Assert.Equal("out\n", last.GetProperty("data").GetString());
        Assert.True(last.GetProperty("overflow").GetBoolean());
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.Tcp)]
    public void StdinReachesTheProcess(Transport transport)
    {
        var marker = $"stdin-{transport}-{Guid.NewGuid():N}";
        var answer = daemon.Post(transport, "/api/v1/processes/echo/stdin", marker + "\n");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Schema.AssertMatches("/api/v1/processes/{spec}/stdin", "post", 200, "application/json", answer.Json());
        Assert.Equal(80, answer.Json()[0].GetProperty("status").GetInt32());
        Wait.Until(() => daemon.Get(transport, "/api/v1/processes/echo/log/stdout").Json().GetProperty("data").GetString()!.Contains(marker, StringComparison.Ordinal),
            "the echoed stdin in the log");
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.Tcp)]
    public void SignalAGroup(Transport transport)
    {
        var answer = daemon.Post(transport, "/api/v1/processes/web:*/signal/CONT");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var results = answer.Json();
        Schema.AssertMatches("/api/v1/processes/{spec}/signal/{signal}", "post", 200, "application/json", results);
        Assert.Equal([80, 80], results.EnumerateArray().Select(r => r.GetProperty("status").GetInt32()));
        var one = daemon.Post(transport, "/api/v1/processes/sleeper/signal/18").Json();
        Assert.Equal("sleeper", one[0].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.Tcp)]
    public void StopStartRestartOneProcessAndAGroup(Transport transport)
    {
        var stopped = Action(transport, "/api/v1/processes/sleeper/stop", "/api/v1/processes/{spec}/stop");
        Assert.Equal("OK", stopped[0].GetProperty("description").GetString());
        Assert.Equal("STOPPED", Info(transport, "sleeper").GetProperty("statename").GetString());
        Action(transport, "/api/v1/processes/sleeper/start", "/api/v1/processes/{spec}/start");
        var before = Info(transport, "sleeper");
        Assert.Equal("RUNNING", before.GetProperty("statename").GetString());

        var restart = daemon.Post(transport, "/api/v1/processes/sleeper/restart");
        Assert.Equal(HttpStatusCode.OK, restart.Status);
        Schema.AssertMatches("/api/v1/processes/{spec}/restart", "post", 200, "application/json", restart.Json());
        Assert.Equal(1, restart.Json().GetProperty("stop").GetArrayLength());
        Assert.Equal(1, restart.Json().GetProperty("start").GetArrayLength());
        var after = Info(transport, "sleeper");
        Assert.Equal("RUNNING", after.GetProperty("statename").GetString());
        Assert.NotEqual(before.GetProperty("pid").GetInt32(), after.GetProperty("pid").GetInt32());

        var group = Action(transport, "/api/v1/processes/web:*/stop", "/api/v1/processes/{spec}/stop");
        Assert.Equal(["web_0", "web_1"], group.EnumerateArray().Select(r => r.GetProperty("name").GetString()).Order());
        Action(transport, "/api/v1/processes/web:*/start?wait=true", "/api/v1/processes/{spec}/start");
        Assert.All(Ok(transport, "/api/v1/processes/web:*", "/api/v1/processes/{spec}").EnumerateArray(),
            p => Assert.Equal("RUNNING", p.GetProperty("statename").GetString()));
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.Tcp)]
    public void StartWithoutWaitAnswersAtOnce(Transport transport)
    {
        Action(transport, "/api/v1/processes/idle/start?wait=false", "/api/v1/processes/{spec}/start");
        Wait.Until(() => Info(transport, "idle").GetProperty("statename").GetString() == "RUNNING", "idle RUNNING");
        Action(transport, "/api/v1/processes/idle/stop?wait=1", "/api/v1/processes/{spec}/stop");
        Assert.Equal("STOPPED", Info(transport, "idle").GetProperty("statename").GetString());
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.Tcp)]
    public async Task FollowStreamsNewOutput(Transport transport)
    {
        using var client = daemon.Client(transport);
        using var response = await client.GetAsync("/api/v1/processes/echo/log/stdout?follow=true", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var marker = $"followed-{transport}-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.OK, daemon.Post(transport, "/api/v1/processes/echo/stdin", marker + "\n").Status);
        var seen = new StringBuilder();
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(Wait.Default);
        while (!seen.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, deadline.Token);
            Assert.True(read > 0, "the follow stream ended before the marker: " + seen);
            seen.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
    }

    [Theory]
    [InlineData(Transport.Unix)]
    [InlineData(Transport.Tcp)]
    public void OpenApiDocumentIsTheCheckedInOne(Transport transport)
    {
        var served = daemon.Get(transport, "/api/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, served.Status);
        Assert.Equal(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "openapi.json")), served.Body);
        Assert.Equal("3.1.0", served.Json().GetProperty("openapi").GetString());
    }

    [Fact]
    public void HeadAnswersLikeGetWithoutBody()
    {
        var head = daemon.Send(Transport.Unix, HttpMethod.Head, "/api/v1/processes");
        Assert.Equal(HttpStatusCode.OK, head.Status);
        Assert.Equal("", head.Body);
    }

    [Fact]
    public void HeadOfAFollowAnswersLikeItsGetWithoutTheStream()
    {
        // The stream itself is /logtail's, which refuses HEAD with medusa's HTML 400: the API answers HEAD as GET.
        var head = daemon.Send(Transport.Unix, HttpMethod.Head, "/api/v1/processes/echo/log/stdout?follow=true");
        Assert.Equal(HttpStatusCode.OK, head.Status);
        Assert.Equal("text/plain", head.ContentType);
        Assert.Equal("", head.Body);
    }

    private JsonElement Ok(Transport transport, string path, string template)
    {
        var answer = daemon.Get(transport, path);
        Assert.True(answer.Status == HttpStatusCode.OK, $"GET {path}: {(int)answer.Status} {answer.Body}");
        var json = answer.Json();
        Schema.AssertMatches(template, "get", 200, "application/json", json);
        return json;
    }

    private JsonElement Action(Transport transport, string path, string template)
    {
        var answer = daemon.Post(transport, path);
        Assert.True(answer.Status == HttpStatusCode.OK, $"POST {path}: {(int)answer.Status} {answer.Body}");
        var json = answer.Json();
        Schema.AssertMatches(template, "post", 200, "application/json", json);
        Assert.All(json.EnumerateArray(), r => Assert.Equal(80, r.GetProperty("status").GetInt32()));
        return json;
    }

    private JsonElement Info(Transport transport, string spec) => daemon.Get(transport, "/api/v1/processes/" + spec).Json();
}
