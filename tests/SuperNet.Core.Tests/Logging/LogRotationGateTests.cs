using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests.Logging;

public class LogRotationGateTests
{
    [Fact]
    public void LogsRotatedUnderEverNewPathsShareABoundedSetOfLocks()
    {
        // A daemon that rereads and clears for weeks rotates logs under ever new AUTO names: what the gate keeps
        // for them must not grow with their number.
        using var dir = new TempDir();
        var paths = Enumerable.Range(0, 500).Select(i => dir.File($"auto-{i}.log")).ToList();
        foreach (var path in paths)
        {
            using var file = new RotatingLogFile(path, 10, 1);
            file.Write("more than ten bytes\n"u8);
            Assert.True(File.Exists(path + ".1"), "it rotated");
        }
        var locks = paths.Select(LogRotationGate.For).Distinct(ReferenceEqualityComparer.Instance).Count();
        Assert.InRange(locks, 1, 64);
    }
}
