using SuperNet.Core.Config;
using SuperNet.Core.Processes;

namespace SuperNet.Core.Tests.Processes;

public sealed class RestartPacerTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromMilliseconds(10);

    [Fact]
    public void Default_waits_as_supervisord_one_more_second_per_failed_start()
    {
        var pacer = new RestartPacer(RestartPolicy.Default);
        Assert.False(pacer.DelaysEveryRestart);
        Assert.Equal([1, 2, 3], new[] { 1, 2, 3 }.Select(n => pacer.Next(n, Quick).TotalSeconds));
    }

    [Fact]
    public void Exponential_doubles_up_to_the_maximum_and_restarts_after_stable_uptime()
    {
        var pacer = new RestartPacer(new RestartPolicy { Kind = BackoffKind.Exponential, InitialSeconds = 0.5, MaxSeconds = 3, ResetSeconds = 10 });
        Assert.Equal([0.5, 1, 2, 3, 3], Enumerable.Range(0, 5).Select(_ => pacer.Next(0, Quick).TotalSeconds));
        Assert.Equal(0.5, pacer.Next(0, TimeSpan.FromSeconds(10)).TotalSeconds);
        Assert.Equal(1, pacer.Next(0, TimeSpan.FromSeconds(9.9)).TotalSeconds);
    }

    [Theory]
    [InlineData(0.0, 0.75)]
    [InlineData(0.5, 1.0)]
    [InlineData(0.999999, 1.25)]
    public void Jitter_scales_each_delay_within_its_fraction(double random, double factor)
    {
        var pacer = new RestartPacer(new RestartPolicy { Kind = BackoffKind.Exponential, InitialSeconds = 2, Jitter = 0.25 }, () => random);
        Assert.Equal(2 * factor, pacer.Next(0, Quick).TotalSeconds, precision: 3);
        Assert.Equal(4 * factor, pacer.Next(0, Quick).TotalSeconds, precision: 3);
    }

    [Fact]
    public void Real_jitter_stays_within_bounds()
    {
        var pacer = new RestartPacer(new RestartPolicy { Kind = BackoffKind.Exponential, InitialSeconds = 1, MaxSeconds = 1, Jitter = 0.3 });
        var delays = Enumerable.Range(0, 200).Select(_ => pacer.Next(0, Quick).TotalSeconds).ToList();
        Assert.All(delays, d => Assert.InRange(d, 0.7, 1.3));
        Assert.True(delays.Distinct().Count() > 1, "jitter should vary the delays");
    }

    [Fact]
    public void Restart_delay_is_a_fixed_pause()
    {
        var pacer = new RestartPacer(new RestartPolicy { FixedSeconds = 2.5 });
        Assert.True(pacer.DelaysEveryRestart);
        Assert.Equal([2.5, 2.5, 2.5], Enumerable.Range(1, 3).Select(n => pacer.Next(n, Quick).TotalSeconds));
    }
}
