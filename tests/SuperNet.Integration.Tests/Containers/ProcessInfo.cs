using System.Text.Json;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>getProcessInfo through supervisor's own Python client, extension members included.</summary>
internal static class ProcessInfo
{
    public static JsonElement Get(string socket, string name)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Containers", "process_info.py");
        var (code, output) = SupervisorRun.Run(Binaries.Python, [script, socket, name]);
        Assert.True(code == 0, output);
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
