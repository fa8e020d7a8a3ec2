using System.Text;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests.Logging;

public class LogFileReaderTests
{
    private static string Sample(TempDir dir)
    {
        string f = dir.File("log");
        File.WriteAllText(f, "0123456789abcdefghij\n");
        return f;
    }

    [Theory]
    [InlineData(0, 5, "01234")]
    [InlineData(5, 5, "56789")]
    [InlineData(-5, 0, "ghij\n")]
    [InlineData(-100, 0, "0123456789abcdefghij\n")]
    [InlineData(100, 5, "")]
    [InlineData(0, 0, "0123456789abcdefghij\n")]
    [InlineData(18, 0, "ij\n")]
    [InlineData(18, 100, "ij\n")]
    [InlineData(long.MinValue, 0, "0123456789abcdefghij\n")]
    public void ReadFollowsTheReadLogRules(long offset, long length, string expected)
    {
        using var dir = new TempDir();
        Assert.Equal(expected, Encoding.ASCII.GetString(LogFileReader.Read(Sample(dir), offset, length)));
    }

    [Theory]
    [InlineData(-5, 2)]
    [InlineData(-5, -2)]
    [InlineData(0, -1)]
    public void BadArgumentCombinationsAreRefused(long offset, long length)
    {
        using var dir = new TempDir();
        var e = Assert.Throws<LogReadException>(() => LogFileReader.Read(Sample(dir), offset, length));
        Assert.Equal(LogReadError.BadArguments, e.Error);
    }

    [Fact]
    public void AMissingFileIsNoFileAndADirectoryFails()
    {
        using var dir = new TempDir();
        Assert.Equal(LogReadError.NoFile, Assert.Throws<LogReadException>(() => LogFileReader.Read(dir.File("nope"), 0, 0)).Error);
        Assert.Equal(LogReadError.Failed, Assert.Throws<LogReadException>(() => LogFileReader.Read(dir.Path, 0, 0)).Error);
    }

    [Theory]
    [InlineData(0, 100, "0123456789abcdefghij\n", 21, false)]
    [InlineData(0, 5, "ghij\n", 21, true)]
    [InlineData(21, 5, "", 21, false)]
    [InlineData(0, 0, "", 21, true)]
    [InlineData(19, 5, "ghij\n", 21, false)]
    [InlineData(50, 5, "", 21, false)]
    // Python's integers do not overflow; these are supervisor.options.tailFile's answers on the same file.
    [InlineData(long.MaxValue, 10, "", 21, false)]
    [InlineData(long.MaxValue - 5, 5, "", 21, false)]
    [InlineData(long.MaxValue, -1, "", 21, false)]
    [InlineData(5, long.MinValue, "", 21, true)]
    [InlineData(long.MinValue, long.MinValue, "", 21, true)]
    public void TailFollowsTheTailRules(long offset, long length, string data, long newOffset, bool overflow)
    {
        using var dir = new TempDir();
        var tail = LogFileReader.Tail(Sample(dir), offset, length);
        Assert.Equal(data, Encoding.ASCII.GetString(tail.Data));
        Assert.Equal(newOffset, tail.Offset);
        Assert.Equal(overflow, tail.Overflow);
    }

    [Fact]
    public void TailOfAMissingFileIsEmptyAtOffsetZero()
    {
        using var dir = new TempDir();
        var tail = LogFileReader.Tail(dir.File("nope"), 40, 10);
        Assert.Equal((0, 0L, false), (tail.Data.Length, tail.Offset, tail.Overflow));
    }
}
