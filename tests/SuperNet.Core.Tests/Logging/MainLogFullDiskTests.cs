using System.Diagnostics;
using System.Text.RegularExpressions;
using SuperNet.Core.Config;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests.Logging;

/// <summary>The main log on a real 64 KiB tmpfs (the tests run as root) that fills up and then gets its space back.</summary>
public class MainLogFullDiskTests
{
    [Fact]
    public void Lines_beyond_what_is_held_while_the_disk_is_full_are_counted_in_one_line_and_none_is_lost_silently()
    {
        using var dir = new TempDir();
        var disk = dir.File("disk");
        Directory.CreateDirectory(disk);
        Assert.Equal(0, Run("mount", $"-t tmpfs -o size=512k none {disk}"));
        try
        {
            var path = Path.Combine(disk, "main.log");
            using var log = MainLog.Open(new SupervisordOptions { Logfile = path, LogLevel = LogLevel.Info });
            log.Log(LogLevel.Info, "before");
            var filler = Path.Combine(disk, "filler");
            Fill(filler);
            // 100 lines of about 1 KiB: more than the slack of the log's last page and the 64 KiB held together.
            const int count = 100;
            var padding = new string('x', 1000);
            for (var i = 0; i < count; i++)
            {
                log.Log(LogLevel.Info, $"line {i} {padding}");
            }
            File.Delete(filler);
            log.Log(LogLevel.Info, "after");

            var lines = File.ReadAllLines(path);
            Assert.All(lines, l => Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (INFO|WARN) \S", l));
            var kept = lines.Select(l => Regex.Match(l, @" INFO line (\d+) ")).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();
            Assert.Equal(Enumerable.Range(0, kept.Count), kept);
            var note = Assert.Single(lines, l => l.Contains(" WARN ", StringComparison.Ordinal));
            var dropped = int.Parse(Regex.Match(note, @"WARN (\d+) main log lines dropped while the log file could not be written: No space left on device").Groups[1].Value);
            Assert.Equal(count, kept.Count + dropped);
            Assert.EndsWith(" INFO after", lines[^1]);
            Assert.Contains(" WARN ", lines[^2]);
        }
        finally
        {
            Run("umount", $"-l {disk}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Lines_held_when_the_log_closes_are_written_if_the_disk_has_room_again_else_counted_on_stderr(bool roomAtClose)
    {
        using var dir = new TempDir();
        var disk = dir.File("disk");
        Directory.CreateDirectory(disk);
        Assert.Equal(0, Run("mount", $"-t tmpfs -o size=512k none {disk}"));
        try
        {
            var path = Path.Combine(disk, "main.log");
            var stderr = new StringWriter();
            var filler = Path.Combine(disk, "filler");
            // Lines longer than the slack of the log's last page: none fits in space the file already holds.
            var padding = new string('x', 5000);
            const int count = 20;
            using (var log = MainLog.Open(new SupervisordOptions { Logfile = path, LogLevel = LogLevel.Info }, stderr: stderr))
            {
                log.Log(LogLevel.Info, "before");
                Fill(filler);
                for (var i = 0; i < count; i++)
                {
                    log.Log(LogLevel.Info, $"line {i} {padding}");
                }
                if (roomAtClose)
                {
                    File.Delete(filler);
                }
            }

            var kept = File.ReadAllLines(path).Count(l => l.Contains(" INFO line ", StringComparison.Ordinal));
            if (roomAtClose)
            {
                Assert.Equal("", stderr.ToString());
                // What 64 KiB held is written; the rest is counted in the file's WARN line.
                var note = Assert.Single(File.ReadAllLines(path), l => l.Contains(" WARN ", StringComparison.Ordinal));
                var dropped = int.Parse(Regex.Match(note, @"WARN (\d+) main log lines dropped while the log file could not be written: No space left on device").Groups[1].Value);
                Assert.True(kept > 0 && dropped > 0, note);
                Assert.Equal(count, kept + dropped);
            }
            else
            {
                Assert.Equal(0, kept);
                Assert.Equal($"Warning: {count} main log lines are lost: the log file could not be written: No space left on device : '{path}'\n", stderr.ToString());
            }
        }
        finally
        {
            Run("umount", $"-l {disk}");
        }
    }

    private static void Fill(string path)
    {
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        var block = new byte[4096];
        try
        {
            while (true)
                file.Write(block);
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }
    }

    private static int Run(string file, string arguments)
    {
        using var process = Process.Start(file, arguments);
        process.WaitForExit();
        return process.ExitCode;
    }
}
