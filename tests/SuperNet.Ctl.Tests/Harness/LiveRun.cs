using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace SuperNet.Ctl.Tests.Harness;

/// <summary>A client left running (tail -f, fg): its output is collected as it comes; the test interrupts it.</summary>
public sealed partial class LiveRun : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly Task pumps;

    private LiveRun(string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        process = Process.Start(info)!;
        pumps = Task.WhenAll(Pump(process.StandardOutput, stdout), Pump(process.StandardError, stderr));
    }

    public static LiveRun Real(IEnumerable<string> args) => new(Clients.Supervisorctl, args);

    public static LiveRun Ours(IEnumerable<string> args) => new("dotnet", new[] { Clients.CtlDll }.Concat(args));

    public string Stdout
    {
        get
        {
            lock (stdout)
            {
                return stdout.ToString();
            }
        }
    }

    public void WaitForOutput(string text) =>
        Wait.Until(() => Stdout.Contains(text, StringComparison.Ordinal), $"output containing {text}; got:\n{Stdout}");

    public void WriteLine(string line)
    {
        process.StandardInput.Write(line + "\n");
        process.StandardInput.Flush();
    }

    public void CloseInput() => process.StandardInput.Close();

    /// <summary>Ctrl-C.</summary>
    public void Interrupt() => _ = kill(process.Id, 2);

    public CtlResult WaitExit()
    {
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("client did not exit; output so far:\n" + Stdout);
        }

        pumps.Wait();
        lock (stderr)
        {
            return new CtlResult(Stdout, stderr.ToString(), process.ExitCode);
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private static async Task Pump(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(buffer)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, n);
            }
        }
    }

    [LibraryImport("libc")]
    private static partial int kill(int pid, int signal);
}
