using System.Text.RegularExpressions;
using SuperNet.Linux.Tests.Support;

namespace SuperNet.Linux.Tests;

/// <summary>
/// As PID 1, after a warning about its sentinel, the reaper waits for the next sentinel's ready byte in poll(), a
/// second at a time. A child that exits meanwhile must be reaped at once, not when the step ends: here the sentinel
/// never sends the byte, so the reaper stays in that wait, and ten children exit one after another, each spawned once
/// the last was reaped. A reaper woken only by the step's end takes a second per child (ten in all); one woken by the
/// exit takes milliseconds each, and even a loaded machine stays far below five seconds for the ten.
/// </summary>
public sealed class SentinelWindowTests
{
    private const int Children = 10;

    [Fact]
    public async Task Children_that_exit_while_a_sentinel_is_starting_are_reaped_at_once()
    {
        using var dir = new TempDir();
        var child = TestPlatform.Spawn(TestPlatform.Request("/usr/bin/unshare",
            "unshare", "--pid", "--fork", "--mount-proc", SnHelper.Path, "sentinel-window", dir.Path, $"{Children}"));
        var output = await child.Stdout.ReadToEnd();
        var stderr = child.Stderr is { } errors ? await errors.ReadToEnd() : "";
        Assert.Equal(0, (await child.Exit).ExitStatus);
        var match = Regex.Match(output, @"^reaped=(\d+)/(\d+) ms=(\d+)\n$");
        Assert.True(match.Success, output + stderr);
        Assert.Equal($"{Children}", match.Groups[1].Value);
        Assert.True(int.Parse(match.Groups[3].Value) < 5000, $"{Children} children took {match.Groups[3].Value} ms to be reaped one after another");
    }
}
