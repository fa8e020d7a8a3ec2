using SuperNet.Core.Config;
using SuperNet.Core.Events;

namespace SuperNet.Core.Tests.Config;

/// <summary>result_handler: the two specs supernetd runs natively are accepted; any other is refused with supervisord's text plus the list.</summary>
public sealed class ResultHandlerConfigTests
{
    private static string Config(string handler) =>
        $"[supervisord]\n[eventlistener:e]\ncommand=/bin/true\nevents=PROCESS_LOG\nresult_handler={handler}\n";

    [Theory]
    [InlineData("supervisor.dispatchers:default_handler")]
    [InlineData("  supervisor_stdout:event_handler ")]
    public void Supported_handlers_are_accepted(string handler)
    {
        using var dir = new TempDir();
        var config = ConfigLoader.Load(dir.Write("supervisord.conf", Config(handler)), null, TestContext.Create(dir.Path));
        Assert.Equal(handler.Trim(), config.Groups.Single().Listener!.ResultHandler);
    }

    [Fact]
    public void Another_handler_is_supervisords_error_followed_by_the_supported_list()
    {
        using var dir = new TempDir();
        var path = dir.Write("supervisord.conf", Config("nosuchmodule:handler"));
        var real = Oracle.Run(Oracle.Supervisord, ["-n", "-c", path], dir.Path, TimeSpan.FromSeconds(30));
        Assert.Equal(2, real.ExitCode);
        var expected = Oracle.FirstError(real.Stderr)!;
        Assert.Equal("Error: nosuchmodule:handler cannot be resolved within [eventlistener:e]", expected);

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path, null, TestContext.Create(dir.Path)));
        Assert.Equal(
            $"{expected["Error: ".Length..]} (supernetd supports result_handler=supervisor.dispatchers:default_handler, supervisor_stdout:event_handler)",
            error.Message);
        Assert.Equal(ResultHandlers.Supported, ["supervisor.dispatchers:default_handler", "supervisor_stdout:event_handler"]);
    }
}
