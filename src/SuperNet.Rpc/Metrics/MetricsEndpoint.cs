using System.Globalization;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;
using SuperNet.Rpc.Http;

namespace SuperNet.Rpc.Metrics;

/// <summary>
/// GET /metrics: written from the published view when scraped, so an idle daemon keeps no timer and a scrape
/// costs one pass over the processes; only the listener pools' queue depths are read on the supervisor thread.
/// </summary>
internal sealed class MetricsEndpoint(RpcContext context, RequestStats requests)
{
    public const string Path = "/metrics";

    private static readonly (string Name, string Value)[] NoLabels = [];

    public async Task HandleAsync(HttpExchange exchange)
    {
        var text = new MetricsText(MetricsText.Wants(exchange.Request.Header("Accept")));
        var supervisor = context.Supervisor;
        var view = supervisor.View;
        var now = supervisor.WallNow;
        var processes = Methods.Ordering.Lexical(view).ToList();
        var labels = processes.Select(p => MetricsText.Labels(("group", p.Group), ("name", p.Name))).ToArray();

        Each(text, processes, labels, "supernet_process_state", "gauge", "State code as getProcessInfo's state (20 RUNNING, 100 FATAL ...).", p => (int)p.State);
        Each(text, processes, labels, "supernet_process_up", "gauge", "1 while the process is RUNNING.", p => p.State == ProcessState.Running ? 1 : 0);
        Each(text, processes, labels, "supernet_process_ready", "gauge", "1 while RUNNING and ready (ready=; without it, RUNNING).", p => p.Ready ? 1 : 0);
        Each(text, processes, labels, "supernet_process_pid", "gauge", "The child's pid, 0 when none.", p => p.Pid);
        Each(text, processes, labels, "supernet_process_uptime_seconds", "gauge", "Seconds since the last start while RUNNING, else 0.",
            p => p.State == ProcessState.Running && p.LastStart is { } start ? Math.Max(0, (now - start).TotalSeconds) : 0);
        Each(text, processes, labels, "supernet_process_start_latency_seconds", "gauge", "From the last spawn to RUNNING (startsecs or readiness).",
            p => p.Counts.StartLatency?.TotalSeconds ?? 0);
        Each(text, processes, labels, "supernet_process_backoff_delay_seconds", "gauge", "The current BACKOFF wait, 0 in other states.",
            p => p.PendingRestart?.Delay.TotalSeconds ?? 0);
        Each(text, processes, labels, "supernet_process_starts", "counter", "Spawns, the first included.", p => p.Counts.Spawns);
        Each(text, processes, labels, "supernet_process_restarts", "counter", "Spawns after the first.", p => p.Counts.Restarts);

        text.Family("supernet_process_exits", "counter", "Exits by exit status.");
        for (var i = 0; i < processes.Count; i++)
        {
            foreach (var (code, count) in processes[i].Counts.ExitCodes)
            {
                text.Sample("supernet_process_exits_total", labels[i] + "," + MetricsText.Labels(("code", code.ToString(CultureInfo.InvariantCulture))), count);
            }
        }
        text.Family("supernet_process_signal_exits", "counter", "Deaths by signal.");
        for (var i = 0; i < processes.Count; i++)
        {
            foreach (var (signal, count) in processes[i].Counts.ExitSignals)
            {
                text.Sample("supernet_process_signal_exits_total", labels[i] + "," + MetricsText.Labels(("signal", Signals.Name(signal))), count);
            }
        }
        text.Family("supernet_process_output_bytes", "counter", "Bytes the process wrote to its stdout/stderr pipes, as the daemon read them for its log.");
        for (var i = 0; i < processes.Count; i++)
        {
            if (processes[i].Output is { } output)
            {
                text.Sample("supernet_process_output_bytes_total", labels[i] + ",channel=\"stdout\"", output.Stdout);
                text.Sample("supernet_process_output_bytes_total", labels[i] + ",channel=\"stderr\"", output.Stderr);
            }
        }
        text.Family("supernet_process_dropped_lines", "counter", "Lines not written to the daemon's stdout/stderr because it did not keep up.");
        for (var i = 0; i < processes.Count; i++)
        {
            if (processes[i].Drops is { } drops)
            {
                text.Sample("supernet_process_dropped_lines_total", labels[i], drops.Count);
            }
        }

        text.Family("supernet_event_queue_depth", "gauge", "Events waiting in an event listener pool's queue.");
        foreach (var (pool, depth) in await QueueDepths(supervisor, view).ConfigureAwait(false))
        {
            text.Sample("supernet_event_queue_depth", depth, ("pool", pool));
        }

        Daemon(text);
        Requests(text);
        await exchange.RespondAsync(200, text.ContentType, text.Finish()).ConfigureAwait(false);
    }

    private static void Each(MetricsText text, List<ProcessView> processes, string[] labels, string name, string type, string help, Func<ProcessView, double> value)
    {
        text.Family(name, type, help);
        var sample = type == "counter" ? name + "_total" : name;
        for (var i = 0; i < processes.Count; i++)
        {
            text.Sample(sample, labels[i], value(processes[i]));
        }
    }

    /// <summary>
    /// The pools' queues belong to the supervisor thread: read there, once per scrape, and only when there are pools
    /// (a message makes the loop pass over every process, which at 1000 programs costs more than the rest of a scrape).
    /// </summary>
    private static async Task<IReadOnlyList<(string Pool, int Depth)>> QueueDepths(Supervisor supervisor, SupervisorView view)
    {
        if (!view.Groups.Any(g => g.Config.Listener is not null))
        {
            return [];
        }
        try
        {
            return await supervisor.InvokeAsync(() => (IReadOnlyList<(string, int)>)[.. supervisor.Events.Pools.Select(p => (p.Name, p.Queued))])
                .ConfigureAwait(false);
        }
        catch (SupervisorEndedException)
        {
            return [];
        }
    }

    private static void Daemon(MetricsText text)
    {
        text.Family("process_resident_memory_bytes", "gauge", "Resident memory of supernetd.");
        text.Sample("process_resident_memory_bytes", DaemonStats.ResidentBytes(), NoLabels);
        text.Family("process_cpu_seconds", "counter", "User and system CPU time of supernetd.");
        text.Sample("process_cpu_seconds_total", DaemonStats.CpuSeconds(), NoLabels);
        text.Family("process_open_fds", "gauge", "Open file descriptors of supernetd.");
        text.Sample("process_open_fds", DaemonStats.OpenFds(), NoLabels);
        text.Family("process_max_fds", "gauge", "supernetd's soft limit on open file descriptors.");
        text.Sample("process_max_fds", DaemonStats.MaxFds(), NoLabels);
    }

    private void Requests(MetricsText text)
    {
        text.Family("supernet_rpc_requests", "counter", "Requests answered, by interface (XML-RPC /RPC2, JSON /api).");
        foreach (var face in RequestStats.Interfaces)
        {
            text.Sample("supernet_rpc_requests_total", requests.For(face).Cumulative()[^1], ("interface", face));
        }
        text.Family("supernet_rpc_request_duration_seconds", "histogram", "Time from a request's head to its answer, by interface.");
        foreach (var face in RequestStats.Interfaces)
        {
            var histogram = requests.For(face);
            var cumulative = histogram.Cumulative();
            for (var i = 0; i < cumulative.Length; i++)
            {
                var bound = i < RequestStats.Bounds.Length ? MetricsText.Number(RequestStats.Bounds[i]) : "+Inf";
                text.Sample("supernet_rpc_request_duration_seconds_bucket", cumulative[i], ("interface", face), ("le", bound));
            }
            text.Sample("supernet_rpc_request_duration_seconds_sum", histogram.Sum, ("interface", face));
            text.Sample("supernet_rpc_request_duration_seconds_count", cumulative[^1], ("interface", face));
        }
    }
}
