using System.Diagnostics;
using System.Text.Json;

namespace SuperNet.Ctl.Tests.Harness;

/// <summary>
/// supervisorctl's main() run inside one long-lived Python process (Oracle/ctl_batch.py): the same code
/// as /usr/bin/supervisorctl without 150 ms of interpreter start-up per command.
/// </summary>
public static class RealBatch
{
    // One driver per concurrent caller: a start command can wait a second for the server, and test
    // classes run in parallel.
    private static readonly System.Collections.Concurrent.ConcurrentBag<Process> Idle = [];

    public static CtlResult Run(IEnumerable<string> args)
    {
        if (!Idle.TryTake(out var driver))
        {
            driver = Start();
        }

        driver.StandardInput.WriteLine(JsonSerializer.Serialize(args.ToArray()));
        driver.StandardInput.Flush();
        var line = driver.StandardOutput.ReadLine() ?? throw new InvalidOperationException("supervisorctl driver died: " + driver.StandardError.ReadToEnd());
        Idle.Add(driver);
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        return new CtlResult(root.GetProperty("stdout").GetString()!, root.GetProperty("stderr").GetString()!, root.GetProperty("code").GetInt32());
    }

    private static Process Start()
    {
        var info = new ProcessStartInfo(Clients.Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Oracle", "ctl_batch.py"));
        var process = Process.Start(info)!;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                process.StandardInput.Close();
                process.WaitForExit(2000);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        };
        return process;
    }
}
