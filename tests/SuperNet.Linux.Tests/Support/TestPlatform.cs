using System.Collections.Concurrent;
using SuperNet.Core.Os;

namespace SuperNet.Linux.Tests.Support;

/// <summary>
/// The one LinuxPlatform of the test process: a second waitpid(-1) reaper would steal statuses, so
/// every test shares this one and waits for its pids through <see cref="ExitOf"/>. Tests never use
/// System.Diagnostics.Process, whose SIGCHLD handling would fight the reaper.
/// </summary>
internal static class TestPlatform
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static readonly ConcurrentDictionary<int, TaskCompletionSource<WaitStatus>> Exits = new();

    public static LinuxPlatform Platform { get; } = Start();

    private static LinuxPlatform Start()
    {
        var platform = LinuxPlatform.Create(new LinuxPlatformOptions { HelperPath = SnHelper.Path });
        platform.Reaper.Start((pid, status) => Slot(pid).TrySetResult(status));
        return platform;
    }

    /// <summary>Completes when the reaper reports the pid (child or re-parented orphan).</summary>
    public static Task<WaitStatus> ExitOf(int pid) => Slot(pid).Task.WaitAsync(Deadline);

    private static TaskCompletionSource<WaitStatus> Slot(int pid) =>
        Exits.GetOrAdd(pid, _ => new TaskCompletionSource<WaitStatus>(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>The test process's environment, as supervisord passes its own to children.</summary>
    public static IReadOnlyList<string> Environment(params string[] extra)
    {
        var list = new List<string>();
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            list.Add($"{entry.Key}={entry.Value}");
        }
        list.AddRange(extra);
        return list;
    }

    public static SpawnRequest Request(string path, params string[] argv) => new()
    {
        Name = System.IO.Path.GetFileName(path),
        Path = path,
        Argv = argv.Length > 0 ? argv : [path],
        Environment = Environment(),
    };

    public static SpawnRequest Helper(params string[] args) => Request(SnHelper.Path, ["snhelper", .. args]);

    public static SpawnRequest Shell(string script) => Request("/bin/sh", "sh", "-c", script);

    /// <summary>Spawns and wires stdout/stderr into capture sinks on the shared pump.</summary>
    public static Child Spawn(SpawnRequest request)
    {
        var result = Platform.Spawner.Spawn(request);
        Assert.True(result.Succeeded, $"spawn failed: {result.Errno} {result.Error}");
        var stdout = new CaptureSink();
        Platform.Pump.Add(result.Pipes!.Stdout, stdout);
        CaptureSink? stderr = null;
        if (result.Pipes.Stderr is { } stderrPipe)
        {
            stderr = new CaptureSink();
            Platform.Pump.Add(stderrPipe, stderr);
        }
        return new Child(result.Pid, result.Pipes.Stdin, stdout, stderr);
    }
}
