using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>Child log rotation keeps exactly the tail of the stream, as supervisord's does (contract §9.3).</summary>
public sealed class RotationTests
{
    [Fact]
    public void RotationKeepsTheSameFilesAsSupervisord()
    {
        // Ten 57-byte lines, one write each with a pause so every line is its own pipe read in both daemons.
        const string config = """
            [program:lines]
            command=/bin/sh -c 'for i in 0 1 2 3 4 5 6 7 8 9; do printf "line  %%050d\n" $i; sleep 0.1; done'
            startsecs=0
            autorestart=false
            stdout_logfile={DIR}/lines.log
            stdout_logfile_maxbytes=100
            stdout_logfile_backups=2
            """;
        using var runs = new SideBySide(config);
        runs.WaitForLog("exited: lines ");
        foreach (var suffix in new[] { "", ".1", ".2" })
        {
            Assert.Equal(File.ReadAllText(runs.Oracle.Dir.File("lines.log" + suffix)),
                File.ReadAllText(runs.Ours.Dir.File("lines.log" + suffix)));
        }
        Assert.False(File.Exists(runs.Ours.Dir.File("lines.log.3")));
        Assert.Equal("", File.ReadAllText(runs.Ours.Dir.File("lines.log")));
        Assert.Equal($"line  {8:D50}\nline  {9:D50}\n", File.ReadAllText(runs.Ours.Dir.File("lines.log.1")));
        Assert.Equal($"line  {6:D50}\nline  {7:D50}\n", File.ReadAllText(runs.Ours.Dir.File("lines.log.2")));
        runs.Shutdown();
    }
}
