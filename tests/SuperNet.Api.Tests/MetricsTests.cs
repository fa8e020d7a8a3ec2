using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Api.Tests;

/// <summary>
/// /metrics parsed by prometheus_client's own parsers (Prometheus text and OpenMetrics), its per-process values
/// checked against the XML-RPC getAllProcessInfo by the same script; counters follow a restart and a crash.
/// </summary>
public sealed class MetricsTests : IDisposable
{
    private readonly ApiDaemon daemon = ApiDaemon.With("""
        [program:crasher]
        command=/bin/sh -c 'exit 3'
        autostart=false
        startsecs=0
        autorestart=false

        [eventlistener:listener]
        command=/bin/cat
        events=PROCESS_STATE
        """, "crasher");

    [Theory]
    [InlineData(Transport.Unix, false)]
    [InlineData(Transport.Tcp, false)]
    [InlineData(Transport.Unix, true)]
    public void ParsedByPrometheusClientAndAgreesWithGetAllProcessInfo(Transport transport, bool openMetrics)
    {
        var parsed = Scrape(transport, openMetrics);
        Assert.Contains("supernet_process_state", parsed.GetProperty("families").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(8, parsed.GetProperty("processes").GetInt32());
        var types = parsed.GetProperty("types");
        Assert.Equal("counter", types.GetProperty("supernet_process_restarts").GetString());
        Assert.Equal("histogram", types.GetProperty("supernet_rpc_request_duration_seconds").GetString());
        Assert.Equal("gauge", types.GetProperty("supernet_event_queue_depth").GetString());
        Assert.True(Sample(parsed, "process_resident_memory_bytes", "{}") > 1 << 20);
        Assert.True(Sample(parsed, "process_open_fds", "{}") > 3);
        Assert.True(Sample(parsed, "supernet_rpc_requests_total", """{"interface": "json"}""") >= 1);
        // cat never says READY, so every PROCESS_STATE event since start-up waits in the pool's queue (buffer_size 10).
        Assert.InRange(Sample(parsed, "supernet_event_queue_depth", """{"pool": "listener"}"""), 1, 10);
    }

    [Fact]
    public void CountersFollowRestartsAndExits()
    {
        var before = Scrape(Transport.Unix, false);
        var key = """{"group": "sleeper", "name": "sleeper"}""";
        Assert.Equal(1, Sample(before, "supernet_process_starts_total", key));
        Assert.Equal(0, Sample(before, "supernet_process_restarts_total", key));
        Assert.True(Sample(before, "supernet_process_start_latency_seconds", key) >= 0);
        Assert.Equal(10, Sample(before, "supernet_process_output_bytes_total", """{"channel": "stdout", "group": "talker", "name": "talker"}"""));
        Assert.Equal(10, Sample(before, "supernet_process_output_bytes_total", """{"channel": "stderr", "group": "talker", "name": "talker"}"""));

        Assert.Equal(HttpStatusCode.OK, daemon.Post(Transport.Unix, "/api/v1/processes/sleeper/restart").Status);
        daemon.Post(Transport.Unix, "/api/v1/processes/crasher/start");
        Wait.Until(() => daemon.Get(Transport.Unix, "/api/v1/processes/crasher").Body.Contains("\"EXITED\"", StringComparison.Ordinal), "crasher EXITED");

        var after = Scrape(Transport.Unix, false);
        Assert.Equal(2, Sample(after, "supernet_process_starts_total", key));
        Assert.Equal(1, Sample(after, "supernet_process_restarts_total", key));
        Assert.Equal(1, Sample(after, "supernet_process_signal_exits_total", """{"group": "sleeper", "name": "sleeper", "signal": "SIGTERM"}"""));
        Assert.Equal(1, Sample(after, "supernet_process_exits_total", """{"code": "3", "group": "crasher", "name": "crasher"}"""));
        Assert.True(Sample(after, "supernet_rpc_requests_total", """{"interface": "json"}""") > Sample(before, "supernet_rpc_requests_total", """{"interface": "json"}"""));
    }

    [Fact]
    public void OpenMetricsOnlyWhenAsked()
    {
        using var client = daemon.Client(Transport.Unix);
        using var plain = client.GetAsync("/metrics").GetAwaiter().GetResult();
        Assert.Equal("text/plain", plain.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("# EOF", plain.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/openmetrics-text"));
        using var open = client.Send(request);
        Assert.Equal("application/openmetrics-text", open.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("# EOF\n", open.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    private JsonElement Scrape(Transport transport, bool openMetrics)
    {
        using var client = daemon.Client(transport);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (openMetrics)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/openmetrics-text"));
        }
        using var response = client.Send(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = daemon.Run.Dir.Write($"metrics-{Guid.NewGuid():N}.txt", response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        var (exit, output) = SupervisorRun.Run(Binaries.Python,
            [Path.Combine(AppContext.BaseDirectory, "metrics_check.py"), file, openMetrics ? "openmetrics" : "text", daemon.Socket, ApiDaemon.User, ApiDaemon.Password]);
        Assert.True(exit == 0, "metrics_check.py: " + output + "\n" + File.ReadAllText(file));
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static double Sample(JsonElement parsed, string name, string labels)
    {
        Assert.True(parsed.GetProperty("samples").TryGetProperty(name + labels, out var value), $"no sample {name}{labels}");
        return value.GetDouble();
    }

    public void Dispose() => daemon.Dispose();
}
