using System.Text;
using SuperNet.Core.Config;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests.Logging;

public class ChildLogWriterTests
{
    [Fact]
    public void OpenCreatesTheFileAtSpawnAndWritesAppend()
    {
        using var dir = new TempDir();
        string f = dir.File("out.log");
        File.WriteAllText(f, "earlier run\n");
        using var writer = new ChildLogWriter(f, 0, 0);
        writer.Open();
        writer.Write("raw bytes \x01 no newline"u8);
        Assert.Equal("earlier run\nraw bytes \x01 no newline", File.ReadAllText(f));
        string g = dir.File("fresh.log");
        using var other = new ChildLogWriter(g, 0, 0);
        Assert.False(File.Exists(g));
        other.Open();
        Assert.True(File.Exists(g));
    }

    [Fact]
    public void ForOptionsGivesNoWriterForNone()
    {
        Assert.Null(ChildLogWriter.For(new ChildLogOptions { Path = null, IsAuto = false }));
        using var writer = ChildLogWriter.For(new ChildLogOptions { Path = "/tmp/x.log", MaxBytes = 7, Backups = 3 });
        Assert.Equal("/tmp/x.log", writer!.Path);
    }

    [Fact]
    public void ClearDeletesAndRecreatesKeepingBackups()
    {
        using var dir = new TempDir();
        string f = dir.File("out.log");
        using var writer = new ChildLogWriter(f, 10, 1);
        writer.Write("0123456789"u8);
        writer.Write("abc"u8);
        writer.Clear();
        Assert.Equal("", File.ReadAllText(f));
        Assert.Equal("0123456789", File.ReadAllText(f + ".1"));
        writer.Write("new"u8);
        Assert.Equal("new", File.ReadAllText(f));
    }

    [Fact]
    public void ReopenOnlyActsOnAnOpenWriter()
    {
        using var dir = new TempDir();
        string f = dir.File("out.log");
        using var writer = new ChildLogWriter(f, 0, 0);
        writer.Reopen();
        Assert.False(File.Exists(f));
        writer.Write("a"u8);
        File.Move(f, f + ".old");
        writer.Reopen();
        writer.Write("b"u8);
        Assert.Equal("a", File.ReadAllText(f + ".old"));
        Assert.Equal("b", File.ReadAllText(f));
    }

    [Fact]
    public void ReadAndTailSeeTheCurrentFile()
    {
        using var dir = new TempDir();
        using var writer = new ChildLogWriter(dir.File("out.log"), 0, 0);
        Assert.Equal(LogReadError.NoFile, Assert.Throws<LogReadException>(() => writer.Read(0, 0)).Error);
        Assert.Equal(0, writer.Tail(0, 100).Offset);
        writer.Write("0123456789abcdefghij\n"u8);
        Assert.Equal("56789", Encoding.ASCII.GetString(writer.Read(5, 5)));
        var tail = writer.Tail(0, 5);
        Assert.Equal(("ghij\n", 21L, true), (Encoding.ASCII.GetString(tail.Data), tail.Offset, tail.Overflow));
    }

    [Fact]
    public void ReadersNeverSeeAHalfDoneRotationWhileThePumpWrites()
    {
        using var dir = new TempDir();
        using var writer = new ChildLogWriter(dir.File("out.log"), 570, 3);
        var line = RotatingLogFileTests.Line(1);
        writer.Open();
        var pump = new Thread(() =>
        {
            for (int i = 0; i < 3000; i++)
                writer.Write(line);
        });
        pump.Start();
        int reads = 0;
        while (pump.IsAlive || reads == 0)
        {
            // Between writes the current file always holds whole lines, and exists.
            byte[] data = writer.Read(0, 0);
            Assert.Equal(0, data.Length % line.Length);
            var tail = writer.Tail(0, 1000);
            Assert.Equal(0, tail.Offset % line.Length);
            reads++;
        }
        pump.Join();
        Assert.True(File.Exists(dir.File("out.log.3")));
    }

    [Fact]
    public void EachSpawnOpensAfreshSoADeletedLogComesBack()
    {
        using var dir = new TempDir();
        string f = dir.File("out.log");
        using var writer = new ChildLogWriter(f, 0, 0);
        writer.Open();
        writer.Write("first run\n"u8);
        File.Delete(f);
        writer.Open();
        Assert.True(File.Exists(f));
        writer.Write("second run\n"u8);
        Assert.Equal("second run\n", File.ReadAllText(f));
    }

    [Fact]
    public void AtEndOfOutputTheFileIsReleasedSoAMovedLogOfAnExitedProcessIsNotRecreated()
    {
        // supervisord drops a process's log handlers when it finishes: the file is no longer held open
        // (a deleted log frees its space) and SIGUSR2 does not bring back a log logrotate moved away.
        using var dir = new TempDir();
        string f = dir.File("out.log");
        using var writer = new ChildLogWriter(f, 0, 0);
        writer.Open();
        var sink = new ChildOutputSink("p", ChildChannel.Stdout, writer, new RecordingLog(LogLevel.Info));
        sink.OnData("last words\n"u8);
        sink.OnClosed();
        Assert.False(writer.IsOpen);
        File.Move(f, f + ".1");
        writer.Reopen();
        Assert.False(File.Exists(f));
        Assert.Equal("last words\n", File.ReadAllText(f + ".1"));
    }
    [Fact]
    public void ARefusalLastsUntilAsManyBytesAsItRefusedHaveGoneIn()
    {
        // The directory comes and goes in place of a disk that fills: a write that goes in while fewer bytes than the
        // refused write have gone in may be one the slack of a full disk's last page took, so the failure lasts.
        using var dir = new TempDir();
        string logDir = dir.File("logs");
        using var writer = new ChildLogWriter(System.IO.Path.Combine(logDir, "out.log"), 0, 0);
        Assert.ThrowsAny<IOException>(() => writer.Write("a refused line\n"u8));
        Assert.True(writer.Refusing);

        Directory.CreateDirectory(logDir);
        writer.Write("short\n"u8);
        Assert.True(writer.Refusing);
        writer.Close();
        Directory.Delete(logDir, recursive: true);
        Assert.ThrowsAny<IOException>(() => writer.Write("refused again\n"u8));

        Directory.CreateDirectory(logDir);
        writer.Write("one\n"u8);
        Assert.True(writer.Refusing);
        writer.Write("and more\n"u8);
        Assert.False(writer.Refusing);
        Assert.Equal("one\nand more\n", File.ReadAllText(writer.Path));
    }
}
