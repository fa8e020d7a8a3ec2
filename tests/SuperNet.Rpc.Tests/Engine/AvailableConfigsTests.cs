using SuperNet.Core.Config;
using SuperNet.Core.Supervision;
using SuperNet.Rpc.Engine;

namespace SuperNet.Rpc.Tests.Engine;

/// <summary>reloadConfig from two clients at once: supervisord runs each request whole, one read after the other.</summary>
public sealed class AvailableConfigsTests
{
    private static SupervisorConfig Read(string identifier, string group) => new()
    {
        ConfigFile = "/etc/supervisord.conf",
        Supervisord = new SupervisordOptions { Identifier = identifier },
        Groups = [new GroupConfig { Name = group, Processes = [] }],
    };

    /// <summary>
    /// A reread asked for while another is still reading waits for it: it reads after it and applies after it.
    /// Unserialised, the later request read and applied at once, then the earlier one's older read was applied over
    /// it, and the two requests' writes of groups and options could interleave.
    /// </summary>
    [Fact]
    public async Task A_reread_asked_for_during_another_reads_and_applies_after_it()
    {
        var firstReading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondReading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int calls = 0, reading = 0, overlaps = 0;
        SupervisorConfig Reread()
        {
            if (Interlocked.Increment(ref reading) > 1)
                Interlocked.Increment(ref overlaps);
            try
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    firstReading.SetResult();
                    Assert.True(releaseFirst.Task.Wait(TimeSpan.FromSeconds(30)));
                    return Read("one", "a");
                }
                secondReading.TrySetResult();
                return Read("two", "b");
            }
            finally
            {
                Interlocked.Decrement(ref reading);
            }
        }
        var live = new LiveSupervisordOptions(new SupervisordOptions { Identifier = "start" });
        var configs = new AvailableConfigs(Read("start", "s"), Reread, live);
        var view = new SupervisorView(true, []);

        var earlier = configs.ReloadAsync(() => view, CancellationToken.None);
        await firstReading.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var later = configs.ReloadAsync(() => view, CancellationToken.None);
        // Serialised, the later read cannot begin before the earlier one ends, so this deadline always passes;
        // unserialised, it begins at once. Either way the earlier read is then let go.
        await Task.WhenAny(secondReading.Task, Task.Delay(TimeSpan.FromSeconds(1)));
        releaseFirst.SetResult();

        Assert.Equal(["a"], (await earlier.WaitAsync(TimeSpan.FromSeconds(30))).Added);
        Assert.Equal(["b"], (await later.WaitAsync(TimeSpan.FromSeconds(30))).Added);
        Assert.Equal("two", live.Value.Identifier);
        Assert.NotNull(configs.Find("b"));
        Assert.Null(configs.Find("a"));
        Assert.Equal(0, overlaps);
    }

    /// <summary>
    /// The answer compares the read with the groups active before it was published: a client that adds a group of
    /// the new read as soon as it is available cannot take it out of the answer that made it available.
    /// </summary>
    [Fact]
    public async Task The_answer_is_the_read_against_the_groups_active_before_it_was_published()
    {
        AvailableConfigs? configs = null;
        // What an addProcessGroup("b") from another client makes of the view as soon as "b" can be found.
        SupervisorView View() => new(true, configs!.Find("b") is { } b ? [new GroupView(b, [])] : []);
        configs = new AvailableConfigs(Read("one", "a"), () => Read("two", "b"));

        var (addedNames, changed, removed) = await configs.ReloadAsync(View, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["b"], addedNames);
        Assert.Empty(changed);
        Assert.Empty(removed);
        Assert.NotNull(configs.Find("b"));
    }

    /// <summary>
    /// A read that fails (reloadConfig's CANT_REREAD) or a request given up while it waits for another's read lets the
    /// next reread run: neither leaves it waiting for good, and neither changes what is available.
    /// </summary>
    [Fact]
    public async Task A_failed_or_abandoned_reread_does_not_hold_up_the_next()
    {
        var releaseSlow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowReading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        SupervisorConfig Reread()
        {
            switch (Interlocked.Increment(ref calls))
            {
                case 1:
                    throw new ConfigException("Error: bad config (file: '/etc/supervisord.conf')");
                case 2:
                    slowReading.SetResult();
                    Assert.True(releaseSlow.Task.Wait(TimeSpan.FromSeconds(30)));
                    return Read("two", "b");
                default:
                    return Read("three", "c");
            }
        }
        var configs = new AvailableConfigs(Read("one", "a"), Reread);
        var view = new SupervisorView(true, []);

        var fault = await Assert.ThrowsAsync<RpcFaultException>(() => configs.ReloadAsync(() => view, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal((int)Fault.CantReread, fault.Code);
        Assert.NotNull(configs.Find("a"));

        var slow = configs.ReloadAsync(() => view, CancellationToken.None);
        await slowReading.Task.WaitAsync(TimeSpan.FromSeconds(30));
        using (var giveUp = new CancellationTokenSource())
        {
            var abandoned = configs.ReloadAsync(() => view, giveUp.Token);
            giveUp.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        releaseSlow.SetResult();
        Assert.Equal(["b"], (await slow.WaitAsync(TimeSpan.FromSeconds(30))).Added);

        Assert.Equal(["c"], (await configs.ReloadAsync(() => view, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30))).Added);
        Assert.Equal(3, calls);
    }
}
