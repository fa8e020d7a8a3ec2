using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// user=/umask= spawn through the exec helper, a .NET program: a program's DOTNET_* settings are for the program,
/// not for the helper (DOTNET_GCRegionSize=1 made the helper die before it could exec, status 255).
/// </summary>
public sealed class ExecHelperEnvironmentTests
{
    private const string Environment =
        """environment=DOTNET_GCRegionSize="1",DOTNET_gcServer="1",COMPlus_gcServer="1",SUPERNET_EXEC_HELPER_HIDDEN_X="kept",A="b" """;

    [Fact]
    public void A_program_through_the_helper_gets_exactly_the_environment_a_direct_spawn_gets()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
            [program:helped]
            command=/usr/bin/env
            user=nobody
            umask=022
            startsecs=0
            autorestart=false
            {Environment}
            stdout_logfile={"{DIR}"}/helped.env

            [program:direct]
            command=/usr/bin/env
            startsecs=0
            autorestart=false
            {Environment}
            stdout_logfile={"{DIR}"}/direct.env
            """);
        run.WaitForLog("exited: direct (exit status 0; expected)");
        run.WaitForLog("exited: helped (exit", TimeSpan.FromSeconds(30));
        Assert.Contains(run.Log(), l => l.Message == "exited: helped (exit status 0; expected)");
        var direct = Lines(run.Dir.File("direct.env"));
        Assert.Contains("DOTNET_GCRegionSize=1", direct);
        Assert.Contains("SUPERNET_EXEC_HELPER_HIDDEN_X=kept", direct);
        Assert.Equal(direct, Lines(run.Dir.File("helped.env")));
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    // In order; the two programs differ only in their names.
    private static List<string> Lines(string path) =>
        [.. File.ReadAllLines(path).Where(l => !l.StartsWith("SUPERVISOR_PROCESS_NAME=", StringComparison.Ordinal)
            && !l.StartsWith("SUPERVISOR_GROUP_NAME=", StringComparison.Ordinal))];
}
