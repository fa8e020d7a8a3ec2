using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using SuperNet.Core.Config;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests.Logging;

[SupportedOSPlatform("linux")]
public partial class AutoChildLogsTests
{
    [GeneratedRegex(@"^web_1-stdout---supervisor-[a-z0-9_]{8}\.log$")]
    private static partial Regex AutoName();

    [Fact]
    public void CreatesAnEmptyOwnerOnlyFileWithSupervisordsName()
    {
        using var dir = new TempDir();
        string path = AutoChildLogs.Create(dir.Path, "web_1", ChildChannel.Stdout, "supervisor", ScriptedRandom.Shared);
        Assert.Equal(dir.Path, Path.GetDirectoryName(path));
        Assert.Matches(AutoName(), Path.GetFileName(path));
        Assert.Equal(0, new FileInfo(path).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.NotEqual(path, AutoChildLogs.Create(dir.Path, "web_1", ChildChannel.Stdout, "supervisor", ScriptedRandom.Shared));
    }

    [Fact]
    public void DrawsAgainWhenTheNameIsTakenAndNeverFavoursTheFirstLetters()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "web_1-stdout---supervisor-aaaaaaaa.log"), "kept");
        // First draw: all zeros ("aaaaaaaa", taken). Second: 255 and 222 lie beyond the last whole
        // alphabet cycle and are skipped; 1 is "b", 37 wraps to "a", 36 is "_".
        var random = new ScriptedRandom(new byte[16], [255, 222, 1, 37, 36, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
        string path = AutoChildLogs.Create(dir.Path, "web_1", ChildChannel.Stdout, "supervisor", random);
        Assert.Equal("web_1-stdout---supervisor-ba_bbbbb.log", Path.GetFileName(path));
        Assert.Equal("kept", File.ReadAllText(Path.Combine(dir.Path, "web_1-stdout---supervisor-aaaaaaaa.log")));
    }

    [Fact]
    public void MaterializeFillsOnlyAutoChannelsWithoutAFile()
    {
        using var dir = new TempDir();
        var options = new SupervisordOptions { ChildLogDir = dir.Path, Identifier = "ident" };
        var process = new ProcessConfig
        {
            Name = "p", ProgramName = "p", Section = "program:p", Command = "true",
            Stdout = new ChildLogOptions(),
            Stderr = new ChildLogOptions { IsAuto = false, Path = null },
        };
        var made = AutoChildLogs.Materialize(process, options, ScriptedRandom.Shared);
        Assert.StartsWith(Path.Combine(dir.Path, "p-stdout---ident-"), made.Stdout.Path);
        Assert.True(File.Exists(made.Stdout.Path));
        Assert.True(made.Stdout.IsAuto);
        Assert.Null(made.Stderr.Path);
        Assert.Same(made, AutoChildLogs.Materialize(made, options, ScriptedRandom.Shared));
        Assert.Single(Directory.GetFiles(dir.Path));

        var redirected = AutoChildLogs.Materialize(process with { RedirectStderr = true, Stderr = new ChildLogOptions() }, options, ScriptedRandom.Shared);
        Assert.Null(redirected.Stderr.Path);
    }

    [Fact]
    public void CleanupRemovesOldAutoLogsAndBackupsOfThisIdentifierOnly()
    {
        using var dir = new TempDir();
        string[] removed = ["a-stdout---supervisor-abcd1234.log", "a-stderr---supervisor-x_9.log.1", "b---supervisor-z.log.10000", "x---supervisor-y.logextra"];
        string[] kept = ["a-stdout---other-abcd1234.log", "---supervisor-a.log", "plain.log", "a-stdout---supervisor-.log"];
        foreach (string name in removed.Concat(kept))
            File.WriteAllText(dir.File(name), "");
        var log = new RecordingLog(LogLevel.Info);
        AutoChildLogs.Cleanup(dir.Path, "supervisor", log);
        Assert.Equal(kept.Order(), Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
        Assert.Empty(log.Lines);
    }

    [Fact]
    public void CleanupOfAMissingDirectoryWarns()
    {
        using var dir = new TempDir();
        var log = new RecordingLog(LogLevel.Info);
        AutoChildLogs.Cleanup(dir.File("missing"), "supervisor", log);
        Assert.Equal([(LogLevel.Warn, "Could not clear childlog dir")], log.Lines);
    }
}
