using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

public sealed class NoRpcInterfaceSupervisord() : Supervisord(programs: "", rpcInterface: false);

/// <summary>A supervisord without [rpcinterface:supervisor]: the upcheck's UNKNOWN_METHOD message, exit 3 (status: 4).</summary>
public sealed class NoRpcInterfaceTests(NoRpcInterfaceSupervisord server) : IClassFixture<NoRpcInterfaceSupervisord>
{
    [Theory]
    [InlineData("status")]
    [InlineData("version")]
    [InlineData("start x")]
    [InlineData("reread")]
    [InlineData("avail")]
    public void Same_output_and_exit_status(string command) =>
        Differential.AssertSame(["-c", server.ConfigPath], command);
}
