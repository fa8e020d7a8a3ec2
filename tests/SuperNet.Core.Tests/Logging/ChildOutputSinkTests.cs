using System.Text;
using SuperNet.Core.Config;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests.Logging;

public class ChildOutputSinkTests
{
    private sealed class Collect : IChildLogTarget
    {
        public MemoryStream Bytes { get; } = new();
        public void Write(ReadOnlySpan<byte> data) => Bytes.Write(data);
        public string Text => Encoding.UTF8.GetString(Bytes.ToArray());
    }

    private static void Feed(ChildOutputSink sink, params string[] chunks)
    {
        foreach (string chunk in chunks)
            sink.OnData(Encoding.UTF8.GetBytes(chunk));
    }

    [Fact]
    public void BytesGoToTheFileExactlyAsRead()
    {
        using var dir = new TempDir();
        using var writer = new ChildLogWriter(dir.File("out.log"), 0, 0);
        var sink = new ChildOutputSink("p", ChildChannel.Stdout, writer, new RecordingLog(LogLevel.Info));
        sink.OnData([0x00, 0xff, (byte)'a']);
        sink.OnData("partial line"u8);
        sink.OnData("\r\nnext"u8);
        sink.OnClosed();
        Assert.Equal([0x00, 0xff, (byte)'a', .. "partial line\r\nnext"u8.ToArray()], File.ReadAllBytes(dir.File("out.log")));
    }

    [Fact]
    public void NoneReadsAndDiscards()
    {
        var log = new RecordingLog(LogLevel.Info);
        var logged = new List<byte[]>();
        var sink = new ChildOutputSink("p", ChildChannel.Stdout, null, log, onLogged: logged.Add);
        Feed(sink, "dropped\n");
        sink.OnClosed();
        Assert.Empty(log.Lines);
        Assert.Single(logged);
    }

    [Fact]
    public void StripAnsiAppliesBeforeLoggingAndEvents()
    {
        var target = new Collect();
        var logged = new List<byte[]>();
        var sink = new ChildOutputSink("p", ChildChannel.Stderr, target, new RecordingLog(LogLevel.Info), stripAnsi: () => true, onLogged: logged.Add);
        Feed(sink, "\u001b[1;31mERROR\u001b[0m: x\n");
        Assert.Equal("ERROR: x\n", target.Text);
        Assert.Equal("ERROR: x\n", Encoding.UTF8.GetString(logged.Single()));
    }

    [Fact]
    public void AtDebugEachChunkIsCopiedIntoTheMainLog()
    {
        var log = new RecordingLog(LogLevel.Debug);
        var sink = new ChildOutputSink("web", ChildChannel.Stdout, new Collect(), log);
        Feed(sink, "hello\n");
        sink.OnData([0xff, (byte)'\n']);
        Assert.Equal([
            (LogLevel.Debug, "'web' stdout output:\nhello\n"),
            (LogLevel.Debug, "'web' stdout output:\nUndecodable: b'\\xff\\n'"),
        ], log.Lines);

        var quiet = new RecordingLog(LogLevel.Info);
        Feed(new ChildOutputSink("web", ChildChannel.Stdout, new Collect(), quiet), "hello\n");
        Assert.Empty(quiet.Lines);
    }

    [Fact]
    public void WithoutCaptureModeTokensAreOrdinaryText()
    {
        var target = new Collect();
        var sink = new ChildOutputSink("p", ChildChannel.Stdout, target, new RecordingLog(LogLevel.Info));
        Feed(sink, "<!--XSUPERVISOR:BEGIN-->x<!--XSUPERVISOR:END-->");
        Assert.Equal("<!--XSUPERVISOR:BEGIN-->x<!--XSUPERVISOR:END-->", target.Text);
    }

    [Fact]
    public void CaptureDivertsTextBetweenTokensAndRaisesTheCallback()
    {
        var target = new Collect();
        var captured = new List<string>();
        var log = new RecordingLog(LogLevel.Debug);
        var sink = new ChildOutputSink("p", ChildChannel.Stdout, target, log, captureMaxBytes: 1024,
            onCaptured: b => captured.Add(Encoding.UTF8.GetString(b)));
        Feed(sink, "before<!--XSUPERVISOR:BEGIN-->inside<!--XSUPERVISOR:END-->after is long enough to pass\n");
        Assert.Equal(["inside"], captured);
        Assert.Equal("beforeafter is long enough to pass\n", target.Text);
        Assert.Equal([
            "'p' stdout output:\nbefore", "'p' stdout output:\ninside", "'p' stdout emitted a comm event",
            "'p' stdout output:\nafter is long enough to pass\n",
        ], log.Lines.Select(e => e.Message));
    }

    [Fact]
    public void TokensSplitAcrossReadsAreFoundAndShortTailsAreHeldUntilEof()
    {
        var target = new Collect();
        var captured = new List<string>();
        var sink = new ChildOutputSink("p", ChildChannel.Stdout, target, new RecordingLog(LogLevel.Info), captureMaxBytes: 1024,
            onCaptured: b => captured.Add(Encoding.UTF8.GetString(b)));
        Feed(sink, "some text long enough <!--XSUPER", "VISOR:BEGIN-->payload that is quite long<!--XSUPERVISOR:E", "ND-->", "short");
        Assert.Equal(["payload that is quite long"], captured);
        Assert.Equal("some text long enough ", target.Text);
        sink.OnClosed();
        Assert.Equal("some text long enough short", target.Text);
    }

    [Fact]
    public void ATrailingTokenPrefixIsFlushedAtEof()
    {
        var target = new Collect();
        var sink = new ChildOutputSink("p", ChildChannel.Stdout, target, new RecordingLog(LogLevel.Info), captureMaxBytes: 100);
        Feed(sink, "a line that is longer than the token\n<!--XSUP");
        Assert.Equal("a line that is longer than the token\n", target.Text);
        sink.OnClosed();
        Assert.Equal("a line that is longer than the token\n<!--XSUP", target.Text);
    }

    [Fact]
    public void TheCaptureBufferDropsFromTheFrontWhenItWouldOverflow()
    {
        var captured = new List<string>();
        var logged = new List<string>();
        var sink = new ChildOutputSink("p", ChildChannel.Stdout, new Collect(), new RecordingLog(LogLevel.Info), captureMaxBytes: 10,
            onCaptured: b => captured.Add(Encoding.UTF8.GetString(b)), onLogged: b => logged.Add(Encoding.UTF8.GetString(b)));
        Feed(sink, "<!--XSUPERVISOR:BEGIN-->0123456789abc plus more than a token", "<!--XSUPERVISOR:END-->", "\n");
        // A lone END token is no longer than the token, so it waited for the "\n" to be recognised.
        // One 36-byte write into an empty 10-byte buffer: it drops 36 bytes from an empty front and keeps all.
        Assert.Equal(["0123456789abc plus more than a token"], captured);
        Assert.Equal(["0123456789abc plus more than a token"], logged);

        captured.Clear();
        Feed(sink, "<!--XSUPERVISOR:BEGIN-->0123456789abcdefghijklmnopqrs", "tuvwxyz and the rest here<!--XSUPERVISOR:END-->");
        // 29 bytes buffered, then a 25-byte write drops 25 from the front: "pqrs" survives.
        Assert.Equal(["pqrstuvwxyz and the rest here"], captured);
    }

    [Fact]
    public void WriteFailuresAreReportedOnceAndReadingContinues()
    {
        var log = new RecordingLog(LogLevel.Info);
        var sink = new ChildOutputSink("p", ChildChannel.Stdout, new Failing(), log);
        Feed(sink, "a", "b");
        Assert.Equal([LogLevel.Error], log.Lines.Select(e => e.Level));
        Assert.StartsWith("'p' stdout log write failed", log.Lines[0].Message);
    }

    [Fact]
    public void AFailureAfterSplicedOutputRecoveredIsReportedAgain()
    {
        // After a failure the pump reads and writes until a write succeeds (a splice into a full disk's slack would
        // move part of a line and pass for a recovery); then it splices again behind the sink's back. A success ends
        // the failure streak, or a second outage (a disk full again) would go unreported.
        using var dir = new TempDir();
        string logDir = dir.File("logs");
        Directory.CreateDirectory(logDir);
        using var writer = new ChildLogWriter(System.IO.Path.Combine(logDir, "out.log"), 0, 0);
        var log = new RecordingLog(LogLevel.Info);
        var sink = new ChildOutputSink("p", ChildChannel.Stdout, writer, log);
        Directory.Delete(logDir);
        Feed(sink, "lost\n");
        Directory.CreateDirectory(logDir);
        var direct = Assert.IsAssignableFrom<SuperNet.Core.Os.IDirectFileOutput>(sink.DirectFile);
        Assert.Null(direct.Append((_, _) => throw new InvalidOperationException("spliced before a write succeeded")));
        Feed(sink, "read\n");
        Assert.Equal(5, direct.Append((file, at) =>
        {
            RandomAccess.Write(file, "kept\n"u8, at);
            return 5;
        }));
        writer.Close();
        Directory.Delete(logDir, recursive: true);
        Feed(sink, "lost again\n");
        Assert.Equal([LogLevel.Error, LogLevel.Error], log.Lines.Select(e => e.Level));
    }

    // A directory where the first backup must go: the rename fails for any user, root included.
    private static string LogWhoseRotationFails(TempDir dir)
    {
        string path = dir.File("out.log");
        Directory.CreateDirectory(path + ".1");
        File.WriteAllText(System.IO.Path.Combine(path + ".1", "occupied"), "");
        return path;
    }

    [Fact]
    public void AFailedRotationAfterAWriteIsReportedAsSuchNotAsDroppedOutput()
    {
        using var dir = new TempDir();
        string path = LogWhoseRotationFails(dir);
        using var writer = new ChildLogWriter(path, 10, 1);
        var log = new RecordingLog(LogLevel.Info);
        var sink = new ChildOutputSink("p", ChildChannel.Stdout, writer, log);
        Feed(sink, "first line\n", "second line\n");
        Assert.Equal("first line\nsecond line\n", File.ReadAllText(path));
        var line = Assert.Single(log.Lines);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.StartsWith("'p' stdout log rotation failed (the output was written): ", line.Message);
        Assert.DoesNotContain("dropped", line.Message);
    }

    [Fact]
    public void AFailedRotationAfterASpliceCountsTheSplicedBytesAsWritten()
    {
        using var dir = new TempDir();
        string path = LogWhoseRotationFails(dir);
        using var writer = new ChildLogWriter(path, 10, 1);
        var log = new RecordingLog(LogLevel.Info);
        var sink = new ChildOutputSink("p", ChildChannel.Stdout, writer, log);
        var direct = Assert.IsAssignableFrom<SuperNet.Core.Os.IDirectFileOutput>(sink.DirectFile);
        // null would tell the pump the file could not be opened, though the bytes are in it.
        Assert.Equal(12, direct.Append((file, at) =>
        {
            RandomAccess.Write(file, "spliced one\n"u8, at);
            return 12;
        }));
        Assert.Equal("spliced one\n", File.ReadAllText(path));
        Assert.DoesNotContain(log.Lines, l => l.Message.Contains("dropped", StringComparison.Ordinal));
        Assert.StartsWith("'p' stdout log rotation failed", Assert.Single(log.Lines).Message);
    }

    private sealed class Failing : IChildLogTarget
    {
        public void Write(ReadOnlySpan<byte> data) => throw new IOException("disk full");
    }
}
