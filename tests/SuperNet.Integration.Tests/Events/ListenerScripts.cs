using System.Text.Json;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Events;

/// <summary>
/// listener.py (supervisor.childutils' own listener loop, appending one JSON line per delivery) and rpc.py
/// (XML-RPC calls over the unix socket), copied next to the test assembly.
/// </summary>
public static class ListenerScripts
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Events");

    /// <summary>A command= line running the listener; <paramref name="file"/> may use {DIR} and %(process_num)s.</summary>
    public static string Command(string file, string mode) =>
        $"{Binaries.Python} {Path.Combine(Folder, "listener.py")} {file} {mode}";

    /// <summary>Every line the listener wrote to <paramref name="file"/>, as raw JSON objects.</summary>
    public static IReadOnlyList<JsonElement> Lines(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        // Only newline-terminated lines: the listener may be half-way through writing the last one.
        var complete = reader.ReadToEnd().Split('\n')[..^1];
        var lines = complete.Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        return lines;
    }

    public static IReadOnlyList<Delivery> Deliveries(string file) =>
        Lines(file).Where(l => l.TryGetProperty("headers", out _)).Select(l => new Delivery(
            l.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            l.GetProperty("payload").GetString()!)).ToList();

    /// <summary>Waits for a delivery at index ≥ <paramref name="from"/> matching <paramref name="match"/>; returns its index.</summary>
    public static int WaitFor(SupervisorRun run, string file, Func<Delivery, bool> match, string what, int from = 0, TimeSpan? timeout = null)
    {
        var index = -1;
        try
        {
            Wait.Until(() =>
            {
                var all = Deliveries(file);
                index = all.Skip(from).Select((d, i) => (d, i)).Where(p => match(p.d)).Select(p => p.i + from).DefaultIfEmpty(-1).First();
                return index >= 0 || run.HasExited;
            }, $"{what} under {run.Implementation}", timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- deliveries:\n{string.Join('\n', Deliveries(file))}\n{run.Diagnostics()}");
        }
        if (index < 0)
        {
            throw new InvalidOperationException(
                $"{run.Implementation} exited waiting for {what}\n--- deliveries:\n{string.Join('\n', Deliveries(file))}\n{run.Diagnostics()}");
        }
        return index;
    }

    /// <summary>Waits until <paramref name="file"/> holds at least <paramref name="count"/> deliveries.</summary>
    public static IReadOnlyList<Delivery> WaitForCount(SupervisorRun run, string file, int count, TimeSpan? timeout = null)
    {
        IReadOnlyList<Delivery> all = [];
        try
        {
            Wait.Until(() => (all = Deliveries(file)).Count >= count, $"{count} deliveries under {run.Implementation}", timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- deliveries:\n{string.Join('\n', all)}\n{run.Diagnostics()}");
        }
        return all;
    }

    /// <summary>
    /// Calls supervisor.* methods in order in one rpc.py process, e.g. ["sendRemoteCommEvent", "t", "d"];
    /// fails unless every call succeeds. One process keeps a burst of calls close together.
    /// </summary>
    public static string Rpc(SupervisorRun run, params string[][] calls)
    {
        var args = new List<string> { Path.Combine(Folder, "rpc.py"), run.SocketPath };
        foreach (var call in calls)
        {
            args.AddRange(call);
            args.Add("--");
        }
        var (code, output) = SupervisorRun.Run(Binaries.Python, args);
        Assert.True(code == 0, $"rpc.py against {run.Implementation} failed ({code}):\n{output}");
        return output;
    }
}
