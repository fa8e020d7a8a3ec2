using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace SuperNet.Reliability.Tests;

/// <summary>
/// Faults, load and hostile input against the published supernetd, through the same script that produces
/// the figures of docs/reliability.md (bench/reliability.py), each case shrunk to seconds (--quick). A case
/// passes when the guarantees it checks hold ("ok" in its JSON line); its figures are printed either way.
/// </summary>
public sealed class ReliabilityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases() =>
        new("orphans", "exits", "rpc_load", "soak", "rotation", "full_disk", "sigkill_restart", "signal_storms", "hostile");

    [Theory]
    [MemberData(nameof(Cases))]
    public void HoldsUnder(string name)
    {
        var psi = new ProcessStartInfo(Binaries.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Script(), "--quick", "--bin", Binaries.Directory, "--daemons", "supernetd", name })
            psi.ArgumentList.Add(arg);
        using var script = Process.Start(psi)!;
        var stderr = script.StandardError.ReadToEndAsync();
        var stdout = script.StandardOutput.ReadToEndAsync();
        Assert.True(script.WaitForExit(TimeSpan.FromMinutes(10)), $"{name} did not finish");
        output.WriteLine(stdout.Result + stderr.Result);

        using var result = JsonDocument.Parse(stdout.Result.Trim().Split('\n')[^1]);
        Assert.Equal(name, result.RootElement.GetProperty("case").GetString());
        Assert.True(result.RootElement.GetProperty("ok").GetBoolean(), stdout.Result + stderr.Result);
        Assert.Equal(0, script.ExitCode);
    }

    private static string Script([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "bench", "reliability.py"));
}
