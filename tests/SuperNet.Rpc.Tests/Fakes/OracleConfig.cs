using SuperNet.Core.Config;

namespace SuperNet.Rpc.Tests.Fakes;

/// <summary>The groups of oracle/oracle.conf as the config reader would build them, rooted at a test directory.</summary>
public static class OracleConfig
{
    public static List<GroupConfig> Groups(string dir)
    {
        static ChildLogOptions None() => new() { Path = null, IsAuto = false };
        static ChildLogOptions At(string path) => new() { Path = path, IsAuto = false };
        static GroupConfig Group(string name, int priority, params ProcessConfig[] processes) =>
            new() { Name = name, Priority = priority, Processes = processes };
        static ProcessConfig Program(string name, string command) =>
            new() { Name = name, ProgramName = name, Section = "program:" + name, Command = command };

        var groups = new List<GroupConfig>
        {
            Group("sleeper", 10, Program("sleeper", "sh -c \"printf '0123456789abcdefghij\\n'; exec sleep 1000\"") with
            {
                Priority = 10, StartSecs = 0, Stdout = At($"{dir}/sleeper.log"), Stderr = None(),
            }),
            Group("cat", 999, Program("cat", "cat") with { StartSecs = 0, Stdout = At($"{dir}/cat.log"), Stderr = None() }),
            Group("idle", 999, Program("idle", "sleep 1000") with
            {
                AutoStart = false, StartSecs = 0, Stdout = At($"{dir}/idle.log"), RedirectStderr = true, Stderr = None(),
            }),
            Group("missing", 999, Program("missing", "/nonexistent/thing") with { AutoStart = false, Stdout = None(), Stderr = None() }),
            Group("web", 999,
                Program("web_00", "sleep 1000") with
                {
                    ProgramName = "web", Section = "program:web", ProcessNum = 0, StartSecs = 0,
                    Stdout = At($"{dir}/web_00.log"), Stderr = At($"{dir}/web_00.err"),
                },
                Program("web_01", "sleep 1000") with
                {
                    ProgramName = "web", Section = "program:web", ProcessNum = 1, StartSecs = 0,
                    Stdout = At($"{dir}/web_01.log"), Stderr = At($"{dir}/web_01.err"),
                }),
        };
        return groups;
    }

    /// <summary>The log files as supervisord leaves them after start-up (sleeper printed its line).</summary>
    public static FakeBackend Backend(string dir)
    {
        var backend = new FakeBackend(Groups(dir), $"{dir}/supervisord.log") { Identification = "oracle" };
        backend.MissingCommands.Add("/nonexistent/thing");
        backend.Autostart();
        File.WriteAllText($"{dir}/sleeper.log", "0123456789abcdefghij\n");
        foreach (var f in new[] { "web_00.err", "web_01.err" })
        {
            File.WriteAllBytes(Path.Combine(dir, f), []);
        }
        File.WriteAllText($"{dir}/supervisord.log", "2026-11-27 08:00:00,000 INFO supervisord started\n");
        return backend;
    }
}
