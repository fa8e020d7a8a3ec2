using SuperNet.Core.Processes;

namespace SuperNet.Core.Tests.Processes;

public sealed class DescriptionTests
{
    [Theory]
    [InlineData(0, "0:00:00")]
    [InlineData(-5, "0:00:00")]
    [InlineData(5, "0:00:05")]
    [InlineData(3725, "1:02:05")]
    [InlineData(86399, "23:59:59")]
    [InlineData(86400 + 7384, "1 day, 2:03:04")]
    [InlineData(3 * 86400 + 5, "3 days, 0:00:05")]
    public void Uptime_renders_like_python_timedelta(long seconds, string expected) =>
        Assert.Equal(expected, Description.Uptime(seconds));

    [Theory]
    [InlineData(ProcessState.Running, 42, 1000, 0, 1065, "", "pid 42, uptime 0:01:05")]
    [InlineData(ProcessState.Stopped, 0, 0, 0, 1065, "", "Not started")]
    [InlineData(ProcessState.Exited, 0, 0, 0, 1065, "", "Not started")]
    [InlineData(ProcessState.Stopped, 0, 1000, 0, 1065, "", "Jan 01 12:00 AM")]
    [InlineData(ProcessState.Exited, 0, 1000, 1795763340, 1795763399, "Bad exit code 2", "Nov 27 07:09 AM")]
    [InlineData(ProcessState.Stopped, 0, 1000, 1795806600, 1795806600, "", "Nov 27 07:10 PM")]
    [InlineData(ProcessState.Backoff, 0, 1000, 0, 1065, "Exited too quickly (process log may have details)", "Exited too quickly (process log may have details)")]
    [InlineData(ProcessState.Fatal, 0, 1000, 0, 1065, "", "unknown error (try \"tail web\")")]
    [InlineData(ProcessState.Starting, 42, 1000, 0, 1065, "", "")]
    [InlineData(ProcessState.Stopping, 42, 1000, 0, 1065, "", "")]
    [InlineData(ProcessState.Unknown, 42, 1000, 0, 1065, "", "")]
    public void Description_per_state(ProcessState state, int pid, long start, long stop, long now, string spawnErr, string expected) =>
        Assert.Equal(expected, Description.For(state, pid, start, stop, now, spawnErr, "web", TimeZoneInfo.Utc));

    [Fact]
    public void Stop_time_is_local_time()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2");
        Assert.Equal("Nov 27 09:09 AM", Description.StopTime(1795763340, zone));
    }
}
