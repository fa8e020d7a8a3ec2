using System.Runtime.Versioning;
using System.Text;
using System.Text.RegularExpressions;
using SuperNet.Core.Config;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests.Logging;

/// <summary>Runs the real supervisord and ours on the same input and compares what lands on disk.</summary>
[SupportedOSPlatform("linux")]
public class OracleTests
{
    private const string Lines = "for i in 1 2 3 4 5 6 7 8 9 10; do printf \"%%056d\\n\" $i; sleep 0.05; done";

    private static List<byte[]> OutputChunks(string mainLogText, string name) =>
        MainLogRecords.Parse(mainLogText)
            .Where(r => r.Level == "DEBG" && r.Message.StartsWith($"'{name}' stdout output:\n"))
            .Select(r => Encoding.UTF8.GetBytes(r.Message[$"'{name}' stdout output:\n".Length..]))
            .ToList();

    [Fact]
    public void ChildLogRotationMatchesTheRealSupervisordByteForByte()
    {
        using var real = new TempDir();
        RealSupervisord.Run(real, "loglevel=debug", $"""
            [program:p]
            command=/bin/sh -c '{Lines}'
            stdout_logfile={real.File("f")}
            stdout_logfile_maxbytes=100
            stdout_logfile_backups=2
            startsecs=0
            autorestart=false
            """, log => log.Contains("exited: p"));
        string realLog = RealSupervisord.ReadShared(real.File("main.log"));
        // supervisord copies each read into its main log at debug: replay exactly those reads.
        var chunks = OutputChunks(realLog, "p");
        Assert.Equal(string.Concat(Enumerable.Range(1, 10).Select(i => i.ToString("D56") + "\n")), string.Concat(chunks.Select(Encoding.ASCII.GetString)));

        using var ours = new TempDir();
        using (var mainLog = MainLog.Open(new SupervisordOptions { Logfile = ours.File("main.log"), LogLevel = LogLevel.Debug, LogfileMaxBytes = 0 }))
        using (var writer = new ChildLogWriter(ours.File("f"), 100, 2))
        {
            var sink = new ChildOutputSink("p", ChildChannel.Stdout, writer, mainLog);
            writer.Open();
            foreach (var chunk in chunks)
                sink.OnData(chunk);
            sink.OnClosed();
        }
        foreach (string name in new[] { "f", "f.1", "f.2", "f.3" })
            Assert.Equal(File.Exists(real.File(name)), File.Exists(ours.File(name)));
        foreach (string name in new[] { "f", "f.1", "f.2" })
            Assert.Equal(File.ReadAllBytes(real.File(name)), File.ReadAllBytes(ours.File(name)));

        var realDebug = MainLogRecords.Masked(realLog).Split("<stamp> ").Where(r => r.Contains("stdout output:"));
        var ourDebug = MainLogRecords.Masked(File.ReadAllText(ours.File("main.log"))).Split("<stamp> ").Where(r => r.Length > 0);
        Assert.Equal(realDebug, ourDebug);
    }

    [Fact]
    public void MainLogFormatEchoAndRotationMatchTheRealSupervisord()
    {
        using var real = new TempDir();
        string stdout = RealSupervisord.Run(real, "loglevel=debug\nlogfile_maxbytes=400\nlogfile_backups=2", """
            [program:p]
            command=/bin/sh -c 'for i in 1 2 3 4 5 6; do echo "output $i {braces} %%s"; sleep 0.05; done'
            stdout_logfile=NONE
            startsecs=0
            autorestart=false
            """, log => log.Contains("exited: p"), graceful: true);
        string[] files = ["main.log.2", "main.log.1", "main.log"];
        var realTexts = files.Select(f => File.Exists(real.File(f)) ? File.ReadAllText(real.File(f)) : "").ToArray();
        Assert.NotEqual("", realTexts[0]);
        // nodaemon without silent: every line also went to stdout, in the same bytes.
        Assert.EndsWith(string.Concat(realTexts), stdout);

        var records = MainLogRecords.Parse(string.Concat(realTexts));
        var now = DateTime.Now;
        Assert.All(records, r => Assert.InRange(DateTime.ParseExact(r.Stamp, "yyyy-MM-dd HH:mm:ss,fff", null), now.AddMinutes(-2), now.AddMinutes(1)));

        // .2 began as a fresh file after a rotation, so replaying from its first record reproduces the layout.
        using var ours = new TempDir();
        var echo = new StringWriter();
        var options = new SupervisordOptions
        {
            Logfile = ours.File("main.log"), LogLevel = LogLevel.Blather, LogfileMaxBytes = 400, LogfileBackups = 2, Nodaemon = true,
        };
        using (var log = MainLog.Open(options, stdout: echo))
        {
            foreach (var r in records)
                log.Log(MainLogRecords.Level(r.Level), r.Message);
        }
        for (int i = 0; i < files.Length; i++)
        {
            string ourText = File.Exists(ours.File(files[i])) ? File.ReadAllText(ours.File(files[i])) : "";
            Assert.Equal(MainLogRecords.Masked(realTexts[i]), MainLogRecords.Masked(ourText));
            Assert.Equal(realTexts[i].Length, ourText.Length);
        }
        Assert.EndsWith(string.Concat(files.Select(f => File.ReadAllText(ours.File(f)))), echo.ToString());
    }

    [Fact]
    public void AutoLogNamesModesAndStartupCleanupMatchTheRealSupervisord()
    {
        string[] seeded = [
            "a-stdout---supervisor-abcd1234.log", "a-stderr---supervisor-x_9.log.1", "b---supervisor-z.log.10000",
            "x---supervisor-y.logextra", "a-stdout---other-abcd1234.log", "---supervisor-a.log", "plain.log",
            "a-stdout---supervisor-.log",
        ];
        using var real = new TempDir();
        foreach (string name in seeded)
            File.WriteAllText(real.File(name), "old");
        RealSupervisord.Run(real, "", """
            [program:web]
            command=/bin/sleep 100
            autostart=false
            """, log => log.Contains("supervisord started with pid"));
        var realNames = Directory.GetFiles(real.Path).Select(Path.GetFileName).OfType<string>().ToList();

        using var ours = new TempDir();
        foreach (string name in seeded)
            File.WriteAllText(ours.File(name), "old");
        AutoChildLogs.Cleanup(ours.Path, "supervisor", new RecordingLog(LogLevel.Info));
        var options = new SupervisordOptions { ChildLogDir = ours.Path };
        AutoChildLogs.Materialize(new ProcessConfig { Name = "web", ProgramName = "web", Section = "program:web", Command = "/bin/sleep 100" }, options, ScriptedRandom.Shared);
        var ourNames = Directory.GetFiles(ours.Path).Select(Path.GetFileName).OfType<string>().ToList();

        Assert.Equal(seeded.Where(realNames.Contains).Order(), seeded.Where(ourNames.Contains).Order());
        var auto = new Regex(@"^web-(stdout|stderr)---supervisor-[a-z0-9_]{8}\.log$");
        string Shape(string n) => n[..^12];
        var realAuto = realNames.Where(n => auto.IsMatch(n)).ToList();
        var ourAuto = ourNames.Where(n => auto.IsMatch(n)).ToList();
        Assert.Equal(2, realAuto.Count);
        Assert.Equal(realAuto.Select(Shape).Order(), ourAuto.Select(Shape).Order());
        foreach (string path in realAuto.Select(real.File).Concat(ourAuto.Select(ours.File)))
        {
            Assert.Equal(0, new FileInfo(path).Length);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void CaptureModeKeepsWhatTheRealSupervisordKeepsAndFlushesItsHeldTailAtEof()
    {
        const string output = "before<!--XSUPERVISOR:BEGIN-->inside<!--XSUPERVISOR:END-->after\\n";
        using var real = new TempDir();
        RealSupervisord.Run(real, "loglevel=debug", $"""
            [program:p]
            command=/bin/sh -c 'printf "{output}"; sleep 0.1; printf "tail<!--XSUP"'
            stdout_logfile={real.File("f")}
            stdout_capture_maxbytes=1KB
            startsecs=0
            autorestart=false
            """, log => log.Contains("exited: p"));
        var realDebug = MainLogRecords.Parse(RealSupervisord.ReadShared(real.File("main.log")))
            .Where(r => r.Message.StartsWith("'p' stdout")).Select(r => r.Message).ToList();

        using var ours = new TempDir();
        var log = new RecordingLog(LogLevel.Debug);
        var captured = new List<string>();
        using (var writer = new ChildLogWriter(ours.File("f"), 0, 0))
        {
            var sink = new ChildOutputSink("p", ChildChannel.Stdout, writer, log, captureMaxBytes: 1024,
                onCaptured: b => captured.Add(Encoding.UTF8.GetString(b)));
            sink.OnData(Encoding.UTF8.GetBytes(output.Replace("\\n", "\n")));
            sink.OnData("tail<!--XSUP"u8);
            Assert.Equal(File.ReadAllText(real.File("f")), File.ReadAllText(ours.File("f")));
            Assert.Equal(realDebug, log.Lines.Select(e => e.Message));
            sink.OnClosed();
        }
        Assert.Equal("before", File.ReadAllText(real.File("f")));
        Assert.Equal("beforeafter\ntail<!--XSUP", File.ReadAllText(ours.File("f")));
        Assert.Equal(["inside"], captured);
    }
}
