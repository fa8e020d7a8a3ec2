using System.Diagnostics;
using System.Text;

namespace SuperNet.Rpc.Tests.Support;

/// <summary>Runs a real client (python, supervisorctl) to completion under a deadline.</summary>
public static class Run
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public const string Python = "/usr/bin/python3";

    public static string OracleDir => Path.Combine(AppContext.BaseDirectory, "oracle");

    public static async Task<Result> ProcessAsync(string file, IEnumerable<string> args, TimeSpan? timeout = null, string? workdir = null)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workdir ?? Environment.CurrentDirectory,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish: {await stdout} {await stderr}");
        }
        return new Result(p.ExitCode, await stdout, await stderr);
    }
}
