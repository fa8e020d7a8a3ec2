using System.Diagnostics;
using System.Text;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests.Logging;

public class RotatingLogFileTests
{
    internal static byte[] Line(int i) => Encoding.ASCII.GetBytes(i.ToString("D56") + "\n");

    [Fact]
    public void Ten57ByteLinesWithMaxBytes100AndTwoBackupsLeaveTheContractLayout()
    {
        using var dir = new TempDir();
        string f = dir.File("f");
        using (var file = new RotatingLogFile(f, 100, 2))
        {
            for (int i = 1; i <= 10; i++)
                file.Write(Line(i));
        }
        Assert.Empty(File.ReadAllBytes(f));
        Assert.Equal([.. Line(9), .. Line(10)], File.ReadAllBytes(f + ".1"));
        Assert.Equal([.. Line(7), .. Line(8)], File.ReadAllBytes(f + ".2"));
        Assert.False(File.Exists(f + ".3"));
    }

    [Fact]
    public void RotationHappensAfterTheWriteThatReachesMaxBytesSoAFileMayExceedIt()
    {
        using var dir = new TempDir();
        string f = dir.File("f");
        using var file = new RotatingLogFile(f, 10, 1);
        file.Write("123456789"u8);
        Assert.Equal(9, new FileInfo(f).Length);
        file.Write("abcdefghijklmnop"u8);
        Assert.Equal(0, new FileInfo(f).Length);
        Assert.Equal("123456789abcdefghijklmnop", File.ReadAllText(f + ".1"));
    }

    [Fact]
    public void ZeroBackupsTruncatesInPlace()
    {
        using var dir = new TempDir();
        string f = dir.File("f");
        using var file = new RotatingLogFile(f, 100, 0);
        file.Write(Line(1));
        file.Write(Line(2));
        Assert.Equal(0, new FileInfo(f).Length);
        file.Write("after\n"u8);
        Assert.Equal("after\n", File.ReadAllText(f));
        Assert.False(File.Exists(f + ".1"));
    }

    [Fact]
    public void ZeroMaxBytesNeverRotates()
    {
        using var dir = new TempDir();
        string f = dir.File("f");
        using var file = new RotatingLogFile(f, 0, 3);
        for (int i = 1; i <= 50; i++)
            file.Write(Line(i));
        Assert.Equal(50 * 57, new FileInfo(f).Length);
        Assert.False(File.Exists(f + ".1"));
    }

    [Fact]
    public void OpensInAppendModeKeepingExistingContent()
    {
        using var dir = new TempDir();
        string f = dir.File("f");
        File.WriteAllText(f, "old\n");
        using var file = new RotatingLogFile(f, 0, 0);
        file.Write("new\n"u8);
        Assert.Equal("old\nnew\n", File.ReadAllText(f));
    }

    [Fact]
    public void TwoWritersOnOnePathInterleaveWithoutOverwriting()
    {
        using var dir = new TempDir();
        string f = dir.File("f");
        using var a = new RotatingLogFile(f, 0, 0);
        using var b = new RotatingLogFile(f, 0, 0);
        a.Write("a1\n"u8);
        b.Write("b1\n"u8);
        a.Write("a2\n"u8);
        Assert.Equal("a1\nb1\na2\n", File.ReadAllText(f));
    }

    [Fact]
    public void ExistingBackupsAreShiftedAndTheOldestIsReplaced()
    {
        using var dir = new TempDir();
        string f = dir.File("f");
        File.WriteAllText(f + ".1", "one");
        File.WriteAllText(f + ".2", "two");
        using var file = new RotatingLogFile(f, 5, 2);
        file.Write("fresh"u8);
        Assert.Equal("fresh", File.ReadAllText(f + ".1"));
        Assert.Equal("one", File.ReadAllText(f + ".2"));
        Assert.Equal("", File.ReadAllText(f));
    }

    [Fact]
    public void ReopenFollowsAnExternalMove()
    {
        using var dir = new TempDir();
        string f = dir.File("f");
        using var file = new RotatingLogFile(f, 0, 0);
        file.Write("before\n"u8);
        File.Move(f, f + ".moved");
        file.Write("still-old\n"u8);
        file.Reopen();
        file.Write("after\n"u8);
        Assert.Equal("before\nstill-old\n", File.ReadAllText(f + ".moved"));
        Assert.Equal("after\n", File.ReadAllText(f));
    }

    [Fact]
    public void RemoveDeletesTheFileAndAMissingFileIsNoError()
    {
        using var dir = new TempDir();
        string f = dir.File("f");
        using var file = new RotatingLogFile(f, 0, 0);
        file.Write("x"u8);
        file.Remove();
        Assert.False(File.Exists(f));
        file.Remove();
        Assert.False(file.IsOpen);
    }

    [Fact]
    public void ANonSeekableTargetIsWrittenPlainlyAndNeverRotated()
    {
        using var dir = new TempDir();
        string fifo = dir.File("fifo");
        using (var mk = Process.Start("mkfifo", [fifo]))
            mk.WaitForExit();
        // Opening either end of a FIFO blocks until the other end opens: read on another thread.
        var reader = Task.Run(() =>
        {
            using var end = new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            var received = new MemoryStream();
            end.CopyTo(received);
            return Encoding.ASCII.GetString(received.ToArray());
        });
        using (var file = new RotatingLogFile(fifo, 1, 2))
        {
            file.Write("one\n"u8);
            file.Write("two\n"u8);
        }
        Assert.True(reader.Wait(TimeSpan.FromSeconds(60)));
        Assert.Equal("one\ntwo\n", reader.Result);
        Assert.False(File.Exists(fifo + ".1"));
    }

    [Fact]
    public void DeviceAliasesAreNeverRotatedEvenWhenTheyLeadToARegularFile()
    {
        using var dir = new TempDir();
        string f = dir.File("behind-the-alias");
        using var holder = new FileStream(f, FileMode.Create, FileAccess.ReadWrite);
        string alias = $"/proc/self/fd/{holder.SafeFileHandle.DangerousGetHandle()}";
        using (var file = new RotatingLogFile(alias, 4, 2))
        {
            file.Write("12345"u8);
            file.Write("678"u8);
        }
        Assert.Equal("12345678", File.ReadAllText(f));
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
