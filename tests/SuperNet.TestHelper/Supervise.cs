using System.Collections.Concurrent;
using SuperNet.Core.Os;
using SuperNet.Linux;

/// <summary>
/// "supervise N": a miniature supervisor on SuperNet.Linux, meant to run as PID 1 of a fresh PID
/// namespace. Spawns N children with mixed exit statuses plus one that leaves an orphan, and prints
/// how many statuses came back right and how many orphans were reaped.
/// </summary>
internal static class Supervise
{
    public static int Run(int count)
    {
        using var platform = LinuxPlatform.Create(new LinuxPlatformOptions { HelperPath = Environment.ProcessPath });
        var reported = new BlockingCollection<(int Pid, WaitStatus Status)>();
        platform.Reaper.Start((pid, status) => reported.Add((pid, status)));

        var expected = new Dictionary<int, string>();
        for (var i = 0; i < count; i++)
        {
            var script = i % 2 == 0 ? $"exit {i % 100}" : "kill -TERM $$";
            var pid = SpawnShell(platform, script);
            expected[pid] = i % 2 == 0 ? $"exit status {i % 100}" : "terminated by SIGTERM";
        }
        // The background sleep outlives its shell and is re-parented to us.
        expected[SpawnShell(platform, "sleep 0.3 & exit 0")] = "exit status 0";

        var correct = 0;
        var orphans = 0;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((expected.Count > 0 || orphans == 0) && reported.TryTake(out var exit, Remaining(deadline)))
        {
            if (expected.Remove(exit.Pid, out var want))
            {
                correct += exit.Status.Describe() == want ? 1 : 0;
            }
            else
            {
                orphans++;
            }
        }
        Console.Out.WriteLine($"pid={ProcessIdentity.Pid} subreaper={platform.Reaper.IsSubreaper} " +
            $"correct={correct}/{count + 1} orphans={orphans}");
        return 0;
    }

    /// <summary>Spawns <c>sh -c script</c> with its pipes closed at once; returns the pid.</summary>
    internal static int SpawnShell(LinuxPlatform platform, string script)
    {
        var result = platform.Spawner.Spawn(new SpawnRequest
        {
            Path = "/bin/sh",
            Argv = ["sh", "-c", script],
            Environment = ["PATH=/usr/bin:/bin"],
        });
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Error);
        }
        result.Pipes!.Stdin.Dispose();
        result.Pipes.Stdout.Dispose();
        result.Pipes.Stderr!.Dispose();
        return result.Pid;
    }

    private static TimeSpan Remaining(DateTime deadline) =>
        deadline > DateTime.UtcNow ? deadline - DateTime.UtcNow : TimeSpan.Zero;
}
