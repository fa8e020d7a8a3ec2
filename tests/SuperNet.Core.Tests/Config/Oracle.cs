using System.Diagnostics;

namespace SuperNet.Core.Tests.Config;

/// <summary>Runs the real supervisor 4.2.5 (installed package) on a config, bounded by a deadline.</summary>
public static class Oracle
{
    public const string Python = "/usr/bin/python3";
    public const string Supervisord = "/usr/bin/supervisord";

    public static string DumpScript =>
        Path.Combine(AppContext.BaseDirectory, "Config", "oracle_dump.py");

    public sealed record Result(int ExitCode, string Stdout, string Stderr, bool TimedOut);

    public static Result Run(string file, IEnumerable<string> args, string cwd, TimeSpan deadline)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        bool exited = p.WaitForExit(deadline);
        if (!exited)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        return new Result(exited ? p.ExitCode : -1, stdout.Result, stderr.Result, !exited);
    }

    /// <summary>The first "Error: ..." line supervisord prints for a config it rejects.</summary>
    public static string? FirstError(string stderr) =>
        stderr.Split('\n').FirstOrDefault(l => l.StartsWith("Error: ", StringComparison.Ordinal));
}
