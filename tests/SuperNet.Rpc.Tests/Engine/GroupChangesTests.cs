using SuperNet.Core.Config;
using SuperNet.Core.Readiness;
using SuperNet.Rpc.Engine;

namespace SuperNet.Rpc.Tests.Engine;

/// <summary>reloadConfig's "changed" (contract §4.17) as supervisord's config equality decides it.</summary>
public sealed class GroupChangesTests
{
    private static readonly SupervisordOptions Daemon = new();

    private static ProcessConfig Program(string name = "a") => new()
    {
        Name = name,
        ProgramName = name,
        Section = "program:" + name,
        Command = "/bin/sleep 100",
    };

    private static GroupConfig Group(params ProcessConfig[] processes) => new() { Name = "g", Processes = processes };

    private static bool Same(GroupConfig active, GroupConfig fresh, SupervisordOptions? freshDaemon = null) =>
        GroupChanges.Same(active, Daemon, fresh, freshDaemon ?? Daemon);

    [Fact]
    public void An_identical_reparse_is_unchanged()
    {
        Assert.True(Same(Group(Program()), Group(Program())));
    }

    [Fact]
    public void Options_priority_and_membership_make_a_change()
    {
        Assert.False(Same(Group(Program()), Group(Program() with { Command = "/bin/sleep 99" })));
        Assert.False(Same(Group(Program()), Group(Program() with { ExitCodes = [0, 2] })));
        Assert.False(Same(Group(Program()), Group(Program() with { StopSignal = 2 })));
        Assert.False(Same(Group(Program()), Group(Program()) with { Priority = 5 }));
        Assert.False(Same(Group(Program("a"), Program("b")), Group(Program("b"), Program("a"))));
        Assert.False(Same(Group(Program()), Group(Program(), Program("b"))));
    }

    [Fact]
    public void The_merged_environment_counts_including_the_supervisord_section()
    {
        var withEnv = Group(Program() with { Environment = [new("A", "1")] });
        Assert.False(Same(Group(Program()), withEnv));
        Assert.True(Same(withEnv, Group(Program()), Daemon with { Environment = [new("A", "1")] }));
        Assert.False(Same(Group(Program()), Group(Program()), Daemon with { Environment = [new("B", "2")] }));
        // SuperNet's [supervisord] environment_file= reaches every child as environment= does.
        Assert.False(Same(Group(Program()), Group(Program()), Daemon with { EnvironmentFiles = ["/etc/all.env"] }));
    }

    [Fact]
    public void A_new_auto_log_is_never_a_change_but_a_live_auto_log_differs_from_any_explicit_path()
    {
        var explicitLog = new ChildLogOptions { Path = "/tmp/a.log", IsAuto = false };
        Assert.True(Same(Group(Program() with { Stdout = explicitLog }), Group(Program())));
        Assert.False(Same(Group(Program()), Group(Program() with { Stdout = explicitLog })));
        Assert.True(Same(Group(Program() with { Stdout = explicitLog }), Group(Program() with { Stdout = explicitLog })));
        Assert.False(Same(Group(Program() with { Stdout = explicitLog }),
            Group(Program() with { Stdout = explicitLog with { Path = "/tmp/b.log" } })));
    }

    [Fact]
    public void SuperNets_own_keys_make_a_change_so_update_applies_them()
    {
        var active = Group(Program() with
        {
            Container = new ContainerOptions { DependsOn = ["db", "cache"] },
            EnvironmentFiles = ["/etc/a.env"],
        });
        Assert.True(Same(active, Group(Program() with
        {
            Container = new ContainerOptions { DependsOn = ["cache", "db"] },
            EnvironmentFiles = ["/etc/a.env"],
        })));
        var changes = new Func<ProcessConfig, ProcessConfig>[]
        {
            p => p with { Container = p.Container with { DependsOn = ["db"] } },
            p => p with { Container = p.Container with { Ready = new Probe(ProbeKind.Notify, "notify") } },
            p => p with { Container = p.Container with { ReadyTimeout = TimeSpan.FromSeconds(5) } },
            p => p with { Container = p.Container with { Healthcheck = new Probe(ProbeKind.Exec, "exec:true") { Command = "true" } } },
            p => p with { Container = p.Container with { HealthcheckRetries = 5 } },
            p => p with { Container = p.Container with { Critical = true } },
            p => p with { Restart = p.Restart with { Kind = BackoffKind.Exponential } },
            p => p with { Restart = p.Restart with { FixedSeconds = 3 } },
            p => p with { ContainerLog = p.ContainerLog with { Prefix = "a | " } },
            p => p with { ContainerLog = p.ContainerLog with { Json = true } },
            p => p with { EnvironmentFiles = ["/etc/b.env"] },
        };
        foreach (var change in changes)
        {
            Assert.False(Same(active, Group(change(active.Processes[0]))));
        }
    }
}
