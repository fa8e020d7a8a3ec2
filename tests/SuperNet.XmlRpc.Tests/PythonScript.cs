using System.Diagnostics;

namespace SuperNet.XmlRpc.Tests;

/// <summary>The differential tests' oracle: a python3 script fed records on stdin, its output lines read back.</summary>
internal static class PythonScript
{
    /// <param name="records">Each record as the script expects it on stdin, its separator included.</param>
    public static string[] Lines(string script, IEnumerable<string> records)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3", ["-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        foreach (var record in records)
        {
            p.StandardInput.Write(record);
        }
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr.Result);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToArray();
    }
}
