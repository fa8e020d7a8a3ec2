using Microsoft.Extensions.Time.Testing;
using SuperNet.Core.Os;
using SuperNet.Core.Supervision;

namespace SuperNet.Core.Tests.Supervision;

/// <summary>
/// Which repeated signals are merged: a shutdown signal sent again together with the first (timeout, kill twice) is one
/// request; a reload or reopen asked again once the first was taken runs again, as a config edited twice needs.
/// </summary>
public sealed class PendingSignalsTests
{
    [Theory]
    [InlineData(Signals.TERM)]
    [InlineData(Signals.INT)]
    [InlineData(Signals.QUIT)]
    public void A_shutdown_signal_repeated_within_a_second_of_the_first_is_merged(int signal)
    {
        var time = new FakeTimeProvider();
        var pending = new PendingSignals(time);
        Assert.True(pending.TryAdd(signal));
        pending.Taken(signal);
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.False(pending.TryAdd(signal));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(pending.TryAdd(signal));
    }

    [Theory]
    [InlineData(Signals.HUP)]
    [InlineData(Signals.USR2)]
    public void A_reload_or_reopen_asked_again_after_the_first_was_taken_runs_again(int signal)
    {
        var time = new FakeTimeProvider();
        var pending = new PendingSignals(time);
        Assert.True(pending.TryAdd(signal));
        Assert.False(pending.TryAdd(signal));
        pending.Taken(signal);
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(pending.TryAdd(signal));
    }
}
