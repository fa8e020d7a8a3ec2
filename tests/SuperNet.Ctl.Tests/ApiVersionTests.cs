using System.Diagnostics;
using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

/// <summary>A server answering another API version: the "Sorry, this version" message, exit 5 (status: 4).</summary>
public sealed class ApiVersionTests : IDisposable
{
    private readonly Process fake;
    private readonly string url;

    public ApiVersionTests()
    {
        var info = new ProcessStartInfo(Clients.Python) { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Oracle", "old_api_server.py"));
        fake = Process.Start(info)!;
        url = "http://127.0.0.1:" + fake.StandardOutput.ReadLine();
    }

    [Theory]
    [InlineData("status")]
    [InlineData("version")]
    [InlineData("pid")]
    [InlineData("tail x")]
    public void Same_output_and_exit_status(string command) =>
        Differential.AssertSame(["-s", url], command);

    public void Dispose()
    {
        fake.Kill();
        fake.WaitForExit();
        fake.Dispose();
    }
}
