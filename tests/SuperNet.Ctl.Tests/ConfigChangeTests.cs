using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

public sealed class ConfigChangeSupervisord() : Supervisord(programs: Original)
{
    public const string Original = """
        [program:keep]
        command=sleep 1000
        startsecs=0

        [program:alter]
        command=sleep 1000
        startsecs=0

        [program:drop]
        command=sleep 1000
        startsecs=0

        """;

    public const string Changed = """
        [program:keep]
        command=sleep 1000
        startsecs=0

        [program:alter]
        command=sleep 2000
        startsecs=0

        [program:extra]
        command=sleep 1000
        startsecs=0

        [program:extra2]
        command=sleep 1000
        startsecs=0
        autostart=false

        """;
}

/// <summary>reread, update, add and remove after the config file changes: one added, one changed, one removed group.</summary>
public sealed class ConfigChangeTests(ConfigChangeSupervisord server) : IClassFixture<ConfigChangeSupervisord>
{
    private string[] Options => ["-c", server.ConfigPath];

    /// <summary>Server running the original config; the file on disk holds the changed one.</summary>
    private void PendingChanges()
    {
        Use(ConfigChangeSupervisord.Original);
        Clients.Ours([.. Options, "update"]);
        Use(ConfigChangeSupervisord.Changed);
    }

    /// <summary>The changed config read but not applied (add/remove act on what reread loaded).</summary>
    private void ChangesRead()
    {
        PendingChanges();
        Clients.Ours([.. Options, "reread"]);
    }

    [Theory]
    [InlineData("reread")]
    [InlineData("update")]
    [InlineData("update all")]
    [InlineData("update extra")]
    [InlineData("update drop alter")]
    [InlineData("update nosuch extra")]
    [InlineData("avail")]
    public void Pending_changes(string command) =>
        Differential.AssertSame(Options, command, PendingChanges);

    [Theory]
    [InlineData("add extra")]
    [InlineData("add extra extra2 nosuch")]
    [InlineData("add keep")]
    [InlineData("remove drop")]
    [InlineData("avail")]
    public void Changes_read(string command) =>
        Differential.AssertSame(Options, command, ChangesRead);

    [Fact]
    public void Remove_after_stop()
    {
        Differential.AssertSame(Options, "remove drop", () =>
        {
            ChangesRead();
            Clients.Ours([.. Options, "stop", "drop"]);
        });
    }

    [Fact]
    public void No_changes()
    {
        Differential.AssertSame(Options, "reread", () =>
        {
            PendingChanges();
            Clients.Ours([.. Options, "update"]);
        });
        Differential.AssertSame(Options, "update");
    }

    [Fact]
    public void Broken_config_cannot_be_reread()
    {
        try
        {
            Differential.AssertSame(Options, "reread", () => Use("[program:bad]\n"));
            Differential.AssertSame(Options, "update", () => Use("[program:bad]\n"));
        }
        finally
        {
            Use(ConfigChangeSupervisord.Original);
        }
    }

    private void Use(string programs)
    {
        server.ProgramsText = programs;
        server.WriteConfig();
    }
}
