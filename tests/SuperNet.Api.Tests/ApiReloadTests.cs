using System.Net;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Api.Tests;

/// <summary>POST reread and update after the config file changed: what supervisorctl reread/update do, as JSON.</summary>
public sealed class ApiReloadTests : IDisposable
{
    private readonly ApiDaemon daemon = new();

    [Fact]
    public void RereadReportsAndUpdateAppliesAddedChangedAndRemovedGroups()
    {
        var schema = OpenApiSchema.Checked;
        var config = daemon.Run.ConfigPath;
        var original = File.ReadAllText(config);
        File.WriteAllText(config, original.Replace("[program:idle]", "[program:late]\ncommand=/bin/sleep 999\nstartsecs=0\n\n[program:idle]")
            .Replace("command=/bin/sh -c 'echo hello-out;", "command=/bin/sh -c 'echo changed;")
            .Replace("[program:echo]\ncommand=/bin/cat\nstartsecs=0\n", ""));

        var reread = daemon.Post(Transport.Unix, "/api/v1/reread");
        Assert.Equal(HttpStatusCode.OK, reread.Status);
        schema.AssertMatches("/api/v1/reread", "post", 200, "application/json", reread.Json());
        Assert.Equal(["late"], reread.Json().GetProperty("added").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["talker"], reread.Json().GetProperty("changed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["echo"], reread.Json().GetProperty("removed").EnumerateArray().Select(e => e.GetString()));
        daemon.Get(Transport.Unix, "/api/v1/processes/late").AssertFault(HttpStatusCode.NotFound, "BAD_NAME", 10);

        var update = daemon.Post(Transport.Tcp, "/api/v1/update");
        Assert.Equal(HttpStatusCode.OK, update.Status);
        schema.AssertMatches("/api/v1/update", "post", 200, "application/json", update.Json());
        Assert.Equal(["late"], update.Json().GetProperty("added").EnumerateArray().Select(e => e.GetString()));
        Wait.Until(() => daemon.Get(Transport.Unix, "/api/v1/processes/late").Body.Contains("\"RUNNING\"", StringComparison.Ordinal), "late RUNNING");
        daemon.Get(Transport.Unix, "/api/v1/processes/echo").AssertFault(HttpStatusCode.NotFound, "BAD_NAME", 10);
        Wait.Until(() => daemon.Get(Transport.Unix, "/api/v1/processes/talker/log/stdout").Body.Contains("changed", StringComparison.Ordinal),
            "the changed talker's output");

        var again = daemon.Post(Transport.Unix, "/api/v1/update").Json();
        Assert.Equal(0, again.GetProperty("added").GetArrayLength() + again.GetProperty("changed").GetArrayLength() + again.GetProperty("removed").GetArrayLength());
    }

    public void Dispose() => daemon.Dispose();
}
