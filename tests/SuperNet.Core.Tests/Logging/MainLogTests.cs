using System.Net.Sockets;
using System.Text;
using SuperNet.Core.Config;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests.Logging;

public class MainLogTests
{
    private static readonly TimeZoneInfo PlusTwo = TimeZoneInfo.CreateCustomTimeZone("test+2", TimeSpan.FromHours(2), "test+2", "test+2");

    // 2026-11-27 07:09:22.889 UTC, shown in a +02:00 zone.
    private static FixedTime Clock() => new(new DateTimeOffset(2026, 11, 27, 7, 9, 22, 889, TimeSpan.Zero).AddTicks(9999), PlusTwo);

    private static SupervisordOptions Options(TempDir dir, LogLevel level = LogLevel.Info, long maxBytes = 0, int backups = 0) =>
        new() { Logfile = dir.File("main.log"), LogLevel = level, LogfileMaxBytes = maxBytes, LogfileBackups = backups };

    [Fact]
    public void WritesSupervisordsLineFormatInLocalTimeWithTruncatedMilliseconds()
    {
        using var dir = new TempDir();
        using (var log = MainLog.Open(Options(dir), Clock()))
            log.Log(LogLevel.Info, "spawned: 'a' with pid 6695");
        Assert.Equal("2026-11-27 09:09:22,889 INFO spawned: 'a' with pid 6695\n", File.ReadAllText(dir.File("main.log")));
    }

    [Fact]
    public void EveryLevelHasItsOwnCodeAndTraceAndBlatherStayDistinct()
    {
        using var dir = new TempDir();
        using (var log = MainLog.Open(Options(dir, LogLevel.Blather), Clock()))
        {
            foreach (var level in new[] { LogLevel.Critical, LogLevel.Error, LogLevel.Warn, LogLevel.Info, LogLevel.Debug, LogLevel.Trace, LogLevel.Blather })
                log.Log(level, "m");
        }
        var codes = File.ReadAllLines(dir.File("main.log")).Select(l => l.Split(' ')[2]);
        Assert.Equal(["CRIT", "ERRO", "WARN", "INFO", "DEBG", "TRAC", "BLAT"], codes);
    }

    [Fact]
    public void MessagesBelowTheLevelAreDroppedAndIsEnabledSaysSo()
    {
        using var dir = new TempDir();
        using var log = MainLog.Open(Options(dir, LogLevel.Trace), Clock());
        Assert.True(log.IsEnabled(LogLevel.Trace));
        Assert.False(log.IsEnabled(LogLevel.Blather));
        log.Log(LogLevel.Blather, "hidden");
        log.Log(LogLevel.Trace, "shown");
        Assert.Equal(["TRAC shown"], File.ReadAllLines(dir.File("main.log")).Select(l => l[24..]));
    }

    [Fact]
    public void MessagesAreVerbatimEvenWithBracesAndNewlines()
    {
        using var dir = new TempDir();
        using (var log = MainLog.Open(Options(dir), Clock()))
            log.Log(LogLevel.Info, "a {0} {Name} {{x}}\nsecond line ünï");
        Assert.Equal("2026-11-27 09:09:22,889 INFO a {0} {Name} {{x}}\nsecond line ünï\n", File.ReadAllText(dir.File("main.log"), Encoding.UTF8));
    }

    [Fact]
    public void NodaemonEchoesEveryLineToStdoutUnlessSilent()
    {
        using var dir = new TempDir();
        var echo = new StringWriter();
        using (var log = MainLog.Open(Options(dir) with { Nodaemon = true }, Clock(), echo))
            log.Log(LogLevel.Warn, "w");
        Assert.Equal(File.ReadAllText(dir.File("main.log")), echo.ToString());
        Assert.Equal("2026-11-27 09:09:22,889 WARN w\n", echo.ToString());

        var silent = new StringWriter();
        using (var log = MainLog.Open(Options(dir) with { Nodaemon = true, Silent = true }, Clock(), silent))
            log.Log(LogLevel.Warn, "w");
        var daemon = new StringWriter();
        using (var log = MainLog.Open(Options(dir), Clock(), daemon))
            log.Log(LogLevel.Warn, "w");
        Assert.Equal("", silent.ToString() + daemon.ToString());
        Assert.Equal(3, File.ReadAllLines(dir.File("main.log")).Length);
    }

    [Fact]
    public void ConfigMessagesAreFlushedCriticalThenWarnThenInfo()
    {
        using var dir = new TempDir();
        using (var log = MainLog.Open(Options(dir), Clock()))
        {
            log.LogConfigMessages([
                new ConfigMessage(LogLevel.Info, "i1"), new ConfigMessage(LogLevel.Warn, "w1"),
                new ConfigMessage(LogLevel.Critical, "c1"), new ConfigMessage(LogLevel.Info, "i2"),
                new ConfigMessage(LogLevel.Warn, "w2"),
            ]);
        }
        Assert.Equal(["CRIT c1", "WARN w1", "WARN w2", "INFO i1", "INFO i2"], File.ReadAllLines(dir.File("main.log")).Select(l => l[24..]));
    }

    [Fact]
    public void RotatesLikeSupervisord()
    {
        using var dir = new TempDir();
        using (var log = MainLog.Open(Options(dir, maxBytes: 100, backups: 2), Clock()))
        {
            // Each line is 24 + 5 + 27 + 1 = 57 bytes.
            for (int i = 1; i <= 10; i++)
                log.Log(LogLevel.Info, $"message {i:D2} xxxxxxxxxxxxxxxx");
        }
        string f = dir.File("main.log");
        Assert.Equal("", File.ReadAllText(f));
        Assert.Equal(["message 09", "message 10"], File.ReadAllLines(f + ".1").Select(l => l[29..39]));
        Assert.Equal(["message 07", "message 08"], File.ReadAllLines(f + ".2").Select(l => l[29..39]));
    }

    [Fact]
    public void AppendsToAnExistingLogAndReopenFollowsAMove()
    {
        using var dir = new TempDir();
        string f = dir.File("main.log");
        File.WriteAllText(f, "previous run\n");
        using var log = MainLog.Open(Options(dir), Clock());
        log.Log(LogLevel.Info, "one");
        File.Move(f, f + ".rotated");
        log.Reopen();
        log.Log(LogLevel.Info, "two");
        Assert.StartsWith("previous run\n", File.ReadAllText(f + ".rotated"));
        Assert.EndsWith("INFO one\n", File.ReadAllText(f + ".rotated"));
        Assert.EndsWith("INFO two\n", File.ReadAllText(f));
        Assert.Equal(f, log.Path);
    }

    [Fact]
    public void ClearDeletesTheFileAndStartsAnEmptyOneKeepingBackups()
    {
        using var dir = new TempDir();
        string f = dir.File("main.log");
        File.WriteAllText(f + ".1", "backup");
        var echo = new StringWriter();
        using var log = MainLog.Open(Options(dir) with { Nodaemon = true }, Clock(), echo);
        log.Log(LogLevel.Info, "before");
        Assert.Equal(LogClearResult.Cleared, log.Clear());
        Assert.Equal("", File.ReadAllText(f));
        Assert.Equal("backup", File.ReadAllText(f + ".1"));
        // One "reopening log file" per handler (stdout echo and file), written before the reopen.
        Assert.Equal(2, echo.ToString().Split('\n').Count(l => l.EndsWith("INFO reopening log file")));
        log.Log(LogLevel.Info, "after");
        Assert.EndsWith("INFO after\n", File.ReadAllText(f));
        File.Delete(f);
        Assert.Equal(LogClearResult.NoFile, log.Clear());
    }

    [Fact]
    public void ReadUsesTheReadLogRules()
    {
        using var dir = new TempDir();
        using var log = MainLog.Open(Options(dir), Clock());
        log.Log(LogLevel.Info, "hello");
        Assert.Equal("INFO hello\n", Encoding.ASCII.GetString(log.Read(-11, 0)));
        Assert.Equal(LogReadError.BadArguments, Assert.Throws<LogReadException>(() => log.Read(-1, 1)).Error);
    }

    [Fact]
    public void SyslogSendsEachLineOfAMessageInTheMainLogFormat()
    {
        using var dir = new TempDir();
        string socketPath = dir.File("log.sock");
        using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(socketPath));
        var clock = Clock();
        using (var client = new SyslogClient(clock, socketPath, "supervisord"))
        {
            var target = new SyslogChildTarget(client, "web");
            target.Write("a\nb\n"u8);
        }
        var buffer = new byte[512];
        server.ReceiveTimeout = 10_000;
        Assert.Equal("<14>Nov 27 09:09:22 supervisord: web a", Encoding.UTF8.GetString(buffer, 0, server.Receive(buffer)));
        Assert.Equal("<14>Nov 27 09:09:22 supervisord: web b", Encoding.UTF8.GetString(buffer, 0, server.Receive(buffer)));
    }

    [Fact]
    public void SyslogWithoutAListenerDropsQuietly()
    {
        using var dir = new TempDir();
        using var client = new SyslogClient(Clock(), dir.File("absent.sock"));
        client.Send("nobody listens");
        client.Send("still nobody");
        Assert.False(File.Exists(dir.File("absent.sock")));
    }

    [Fact]
    public void ThePumpThreadAndTheStateThreadCanLogAtOnceWithoutMixingLines()
    {
        using var dir = new TempDir();
        using (var log = MainLog.Open(Options(dir, LogLevel.Debug, maxBytes: 20_000, backups: 50)))
        {
            var threads = Enumerable.Range(0, 2).Select(t => new Thread(() =>
            {
                for (int i = 0; i < 1000; i++)
                    log.Log(LogLevel.Debug, $"'p{t}' stdout output:\nline {i}\n");
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
        }
        string all = string.Concat(Directory.GetFiles(dir.Path).Select(File.ReadAllText));
        var records = MainLogRecords.Parse(all);
        Assert.Equal(2000, records.Count);
        Assert.All(records, r => Assert.Matches(@"^'p[01]' stdout output:\nline \d+\n$", r.Message));
    }

    [Fact]
    public void LogfileSyslogHasNoFileToReadOrClear()
    {
        using var dir = new TempDir();
        var echo = new StringWriter();
        using var log = MainLog.Open(new SupervisordOptions { Logfile = "syslog", Nodaemon = true }, Clock(), echo);
        log.Log(LogLevel.Info, "to syslog");
        Assert.Null(log.Path);
        Assert.Equal(LogClearResult.NoFile, log.Clear());
        Assert.Equal(LogReadError.NoFile, Assert.Throws<LogReadException>(() => log.Read(0, 0)).Error);
        Assert.Equal("2026-11-27 09:09:22,889 INFO to syslog\n", echo.ToString());
    }

    [Fact]
    public void ChannelTargetsCombineFileAndSyslog()
    {
        using var dir = new TempDir();
        string socketPath = dir.File("log.sock");
        using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(socketPath));
        server.ReceiveTimeout = 10_000;
        using var client = new SyslogClient(Clock(), socketPath, "supervisord");
        using var writer = new ChildLogWriter(dir.File("out.log"), 0, 0);
        Assert.Null(ChildLogTargets.For("p", new ChildLogOptions { Path = null, IsAuto = false }, null, client));
        Assert.Same(writer, ChildLogTargets.For("p", new ChildLogOptions(), writer, client));
        var both = ChildLogTargets.For("p", new ChildLogOptions { Syslog = true }, writer, client)!;
        both.Write("x\n"u8);
        Assert.Equal("x\n", File.ReadAllText(dir.File("out.log")));
        var buffer = new byte[256];
        Assert.Equal("<14>Nov 27 09:09:22 supervisord: p x", Encoding.UTF8.GetString(buffer, 0, server.Receive(buffer)));
    }

    [Fact]
    public void SyslogGetsAChunkWhoseFileRotationFailed()
    {
        using var dir = new TempDir();
        string socketPath = dir.File("log.sock");
        using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(socketPath));
        server.ReceiveTimeout = 10_000;
        using var client = new SyslogClient(Clock(), socketPath, "supervisord");
        string path = dir.File("out.log");
        // A directory where the first backup must go: the rename fails for any user, root included.
        Directory.CreateDirectory(path + ".1");
        File.WriteAllText(System.IO.Path.Combine(path + ".1", "occupied"), "");
        using var writer = new ChildLogWriter(path, 1, 1);
        var both = ChildLogTargets.For("p", new ChildLogOptions { Syslog = true }, writer, client)!;
        var log = new RecordingLog(LogLevel.Info);
        new ChildOutputSink("p", ChildChannel.Stdout, both, log).OnData("x\n"u8);
        Assert.Equal("x\n", File.ReadAllText(path));
        var buffer = new byte[256];
        Assert.Equal("<14>Nov 27 09:09:22 supervisord: p x", Encoding.UTF8.GetString(buffer, 0, server.Receive(buffer)));
        Assert.StartsWith("'p' stdout log rotation failed", Assert.Single(log.Lines).Message);
    }
}
