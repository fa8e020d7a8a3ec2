using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// A program's log file (spliced into from its pipe: no capture, no debug copy) on a 64 KiB tmpfs that fills up while
/// the program writes, then gets its space back (the test runs as root and mounts it). supervisord 4.2.5, run the same
/// way, leaves the start of the line the disk cut in the file (a traceback on its stderr per refused write), loses
/// the lines in between, and writes the rest of its buffer after that start once there is room. supernetd drops a
/// line the disk cut whole: the file never holds half a line, an ERROR says the writes fail, the daemon answers, and
/// whole lines follow once there is room.
/// </summary>
public sealed class ChildLogFullDiskTests
{
    // Lines of 20-69 bytes, one every 2 ms: the full disk cuts one of them somewhere inside, nearly always.
    private const string Program = """
        import os, sys, time
        i = 0
        while True:
            os.write(1, ('line %08d ' % i + 'x' * (i % 50) + '\n').encode())
            i += 1
            time.sleep(0.002)
        """;

    [Fact]
    public void A_line_the_full_disk_cuts_is_dropped_whole_and_whole_lines_follow_once_there_is_room()
    {
        using var disk = new Tmpfs(64 * 1024);
        using var scripts = new TempDir();
        using var run = StartLogging(disk, scripts, "w", Program, out var log);
        Wait.Until(() => Lines(log).Count > 20, "the program's first lines");

        disk.Fill();
        run.WaitForLog("'w' stdout log write failed, output dropped: No space left on device");
        var (code, status) = run.Ctl("status", "w");
        Assert.True(code == 0 && status.Contains("RUNNING", StringComparison.Ordinal), status);
        var before = Last(log);

        disk.Free();
        Wait.Until(() => Last(log) > before + 50, "lines logged once the disk has room");

        var lines = Lines(log);
        var torn = lines.Where(l => Parse(l) is null).ToList();
        Assert.True(torn.Count == 0, "torn lines: " + string.Join(" | ", torn));
        var numbers = lines.Select(l => Parse(l)!.Value).ToList();
        Assert.True(numbers.Zip(numbers.Skip(1)).All(p => p.Second > p.First), "lines out of order");
        Assert.Equal("ERRO", run.Log().First(l => l.Message.Contains("log write failed", StringComparison.Ordinal)).Level);
        (code, status) = run.Ctl("status", "w");
        Assert.True(code == 0 && status.Contains("RUNNING", StringComparison.Ordinal), status);
    }

    // The same lines, and every 100 lines the count in a file off the disk, to tell how far the program got while the
    // disk was full.
    private const string CountingProgram = """
        import os, sys, time
        progress = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT)
        i = 0
        while True:
            os.write(1, ('line %08d ' % i + 'x' * (i % 50) + '\n').encode())
            i += 1
            if i % 100 == 0:
                os.pwrite(progress, b'%08d' % i, 0)
            time.sleep(0.002)
        """;

    [Fact]
    public void One_full_disk_is_reported_once_however_many_lines_it_refuses_and_the_next_one_again()
    {
        using var disk = new Tmpfs(64 * 1024);
        using var scripts = new TempDir();
        var progress = scripts.File("progress");
        using var run = StartLogging(disk, scripts, "w", CountingProgram, out var log, progress);
        Wait.Until(() => Lines(log).Count > 20, "the program's first lines");

        for (var outage = 1; outage <= 2; outage++)
        {
            disk.Fill();
            run.WaitForLog("'w' stdout log write failed, output dropped: No space left on device", occurrence: outage);
            // Hundreds of lines meet the full disk: some fit in the slack of its last page, most are refused.
            var refusedFrom = Progress(progress);
            Wait.Until(() => Progress(progress) >= refusedFrom + 500, "500 more lines written while the disk is full", TimeSpan.FromSeconds(30));
            var failures = run.Log().Where(l => l.Message.Contains("log write failed", StringComparison.Ordinal)).ToList();
            Assert.True(failures.Count == outage, $"outage {outage}: " + string.Join(" | ", failures.Select(l => $"{l.Time:HH:mm:ss.fff} {l.Message}")) + $" (outage at {refusedFrom})");

            var before = Last(log);
            disk.Free();
            Wait.Until(() => Last(log) > before + 50, "lines logged once the disk has room");
        }
        Assert.DoesNotContain(Lines(log), l => Parse(l) is null);
    }

    private static int Progress(string path) =>
        File.Exists(path) && File.ReadAllText(path) is { Length: 8 } text ? int.Parse(text) : 0;

    // One line, then dots with no line end, 4 KiB every 2 ms: output that is not lines (a progress bar, binary data).
    private const string Dots = """
        import os, time
        os.write(1, b'start\n')
        while True:
            os.write(1, b'.' * 4096)
            time.sleep(0.002)
        """;

    [Fact]
    public void Output_without_line_ends_is_neither_cut_back_nor_dropped_for_good_by_a_full_disk()
    {
        using var disk = new Tmpfs(1024 * 1024);
        using var scripts = new TempDir();
        using var run = StartLogging(disk, scripts, "d", Dots, out var log);
        Wait.Until(() => Size(log) > 256 * 1024, "256 KiB of the program's dots");

        disk.Fill();
        run.WaitForLog("'d' stdout log write failed, output dropped: No space left on device");
        // A refused write takes back at most the last 64 KiB when no line end is near: what was logged stays.
        var kept = Size(log);
        Assert.True(kept > 128 * 1024, $"the log was cut back to {kept} bytes");

        disk.Free();
        Wait.Until(() => Size(log) > kept + 256 * 1024, "dots logged once the disk has room");
        Assert.StartsWith("start\n...", File.ReadAllText(log), StringComparison.Ordinal);
    }

    /// <summary>supernetd with one program [program:<paramref name="name"/>] running <paramref name="source"/>, its stdout spliced into a log on the disk.</summary>
    private static SupervisorRun StartLogging(Tmpfs disk, TempDir scripts, string name, string source, out string log, string arguments = "")
    {
        var program = scripts.Write($"{name}.py", source);
        log = Path.Combine(disk.Path, $"{name}.log");
        return SupervisorRun.Start(Implementation.SuperNet, $"""
            [program:{name}]
            command={Binaries.Python} {program} {arguments}
            startsecs=0
            stdout_logfile={log}
            stdout_logfile_maxbytes=0
            """);
    }

    private static long Size(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private static int Last(string log) => Lines(log).Select(Parse).LastOrDefault(n => n is not null) ?? -1;

    /// <summary>The number of a whole line, or null when it is not one.</summary>
    private static int? Parse(string line)
    {
        var match = Regex.Match(line, @"^line (\d{8}) (x*)$");
        if (!match.Success)
            return null;
        var number = int.Parse(match.Groups[1].Value);
        return match.Groups[2].Length == number % 50 ? number : null;
    }

    /// <summary>The file's complete lines (the last one may still be on its way).</summary>
    private static List<string> Lines(string path)
    {
        if (!File.Exists(path))
            return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var end = text.LastIndexOf('\n');
        return end < 0 ? [] : [.. text[..end].Split('\n')];
    }
}
