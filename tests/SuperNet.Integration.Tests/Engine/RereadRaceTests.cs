using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// reloadConfig from several clients at once while the file changes. supervisord runs each request whole, so every
/// state it shows belongs to one read: that read's groups with that read's [supervisord] options. supernetd reads
/// on request threads; these cases hold it to the same.
/// </summary>
public sealed class RereadRaceTests
{
    private static string Version(string identifier, string group, string childlogdir) => $$"""
        [supervisord]
        logfile={DIR}/main.log
        pidfile={DIR}/sv.pid
        childlogdir={{childlogdir}}
        identifier={{identifier}}
        silent=true

        [unix_http_server]
        file={DIR}/sv.sock

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [program:{{group}}]
        command=sleep 1000
        autostart=false

        """;

    /// <summary>
    /// Four clients reread 150 times each while the file alternates between two versions (identifier, childlogdir
    /// and group all differ) and four more add and remove both groups. Every reloadConfig answer is one version's
    /// diff; every added group's AUTO log carries its own version's identifier and directory (supernetd named a
    /// group from one read with the options of a reread that finished between addProcessGroup's lookup and the
    /// group's creation); afterwards the identifier and the available groups are one version's.
    /// </summary>
    [Fact]
    public void ConcurrentRereadsNeverPairOneReadsGroupsWithAnothersOptions()
    {
        using var runs = new SideBySide(Version("one", "a", "{DIR}"));
        runs.WaitForLog("supervisord started with pid");
        var script = Path.Combine(AppContext.BaseDirectory, "Engine", "reread_race.py");
        foreach (var run in runs.Both)
        {
            string Write(string identifier, string group)
            {
                run.Dir.Mkdir(identifier);
                var text = Version(identifier, group, "{DIR}/" + identifier).Replace("{DIR}", run.Dir.Path, StringComparison.Ordinal);
                return run.Dir.Write(identifier + ".version", $"{identifier} {group}\n{text}");
            }
            var (code, output) = SupervisorRun.Run(Binaries.Python,
                [script, run.SocketPath, run.ConfigPath, Write("one", "a"), Write("two", "b")], TimeSpan.FromSeconds(120));
            Assert.True(code == 0, $"{run.Implementation}: {output}");
            var lines = output.TrimEnd('\n').Split('\n');
            Assert.True(lines.Length == 1, $"{run.Implementation}:\n{output}");
            Assert.StartsWith("DONE reloads=600 adds=", lines[0], StringComparison.Ordinal);
            Assert.DoesNotContain(" adds=0 ", lines[0], StringComparison.Ordinal);
        }
    }
}
