using System.Collections.Concurrent;
using System.Diagnostics;
using SuperNet.Core.Os;
using SuperNet.Linux;

/// <summary>
/// "sentinel-window DIR N", as PID 1 of a fresh PID namespace: the reaper's sentinel binary is DIR/sentinel, missing
/// at first (a warning), then a script that starts and never sends its ready byte, so the reaper stays in the wait for
/// it. N children are then spawned one after another, each once the last one was reported; prints how many came back
/// and the milliseconds they took in all. A reaper that notices an exit only at the end of each wait step takes a
/// step per child.
/// </summary>
internal static class SentinelWindow
{
    public static int Run(string dir, int count)
    {
        var binary = Path.Combine(dir, "sentinel");
        var started = Path.Combine(dir, "started");
        using var warned = new ManualResetEventSlim();
        using var platform = LinuxPlatform.Create(new LinuxPlatformOptions { HelperPath = binary });
        platform.Reaper.OnSentinelTrouble = trouble => warned.Set();
        var reported = new BlockingCollection<int>();
        platform.Reaper.Start((pid, _) => reported.Add(pid));
        if (!warned.Wait(TimeSpan.FromSeconds(20)))
        {
            throw new TimeoutException("no warning about the missing sentinel");
        }
        File.WriteAllText(binary, $"#!/bin/sh\ntouch {started}\nexec sleep 1000\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        // The reaper tries again within a second; the polling here is the test's, not the daemon's.
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(started))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException("the silent sentinel did not start");
            }
            Thread.Sleep(10);
        }

        var reaped = 0;
        var took = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var pid = Supervise.SpawnShell(platform, "exec /bin/true");
            while (reported.TryTake(out var exited, TimeSpan.FromSeconds(20)))
            {
                if (exited == pid)
                {
                    reaped++;
                    break;
                }
            }
        }
        Console.Out.WriteLine($"reaped={reaped}/{count} ms={took.ElapsedMilliseconds}");
        return 0;
    }
}
