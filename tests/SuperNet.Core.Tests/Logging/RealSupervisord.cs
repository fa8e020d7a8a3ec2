using System.Diagnostics;

namespace SuperNet.Core.Tests.Logging;

/// <summary>Runs the oracle, /usr/bin/supervisord 4.2.5, in nodaemon mode on a config in a temp dir.</summary>
public static class RealSupervisord
{
    public const string Executable = "/usr/bin/supervisord";

    /// <summary>
    /// Writes supervisord.conf (the [supervisord] section plus <paramref name="programs"/>), starts it, waits
    /// until <paramref name="done"/> holds on the main log text (rotated backups included), then kills it.
    /// Returns its stdout.
    /// </summary>
    /// <param name="graceful">
    /// Stop it with SIGTERM and wait for it to exit, so every line it logged has reached both the file and stdout
    /// (it writes a record to one, then the other: a kill can land between the two).
    /// </param>
    public static string Run(TempDir dir, string supervisordOptions, string programs, Func<string, bool> done, TimeSpan? deadline = null,
        bool graceful = false)
    {
        string mainLog = dir.File("main.log");
        string conf = dir.File("supervisord.conf");
        File.WriteAllText(conf, $"""
            [supervisord]
            logfile={mainLog}
            pidfile={dir.File("supervisord.pid")}
            nodaemon=true
            childlogdir={dir.Path}
            {supervisordOptions}

            {programs}
            """);
        var start = new ProcessStartInfo(Executable, ["-c", conf])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dir.Path,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(60));
        try
        {
            while (!done(AllMainLogs(mainLog)))
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"supervisord exited {process.ExitCode}: {stderr.Result}");
                if (DateTime.UtcNow > until)
                    throw new TimeoutException("supervisord did not reach the expected state; main log:\n" + ReadShared(mainLog));
                Thread.Sleep(20);
            }
        }
        finally
        {
            if (graceful && !process.HasExited)
            {
                using var term = Process.Start("/bin/kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                term.WaitForExit();
                if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
                    process.Kill();
            }
            if (!process.HasExited)
                process.Kill();
            process.WaitForExit();
        }
        return stdout.Result;
    }

    private static string AllMainLogs(string mainLog) =>
        string.Concat(Enumerable.Range(1, 9).Reverse().Select(i => ReadShared($"{mainLog}.{i}")).Append(ReadShared(mainLog)));

    public static string ReadShared(string path)
    {
        try
        {
            using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new StreamReader(s).ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
    }
}
