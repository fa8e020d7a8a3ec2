using System.Diagnostics;

namespace SuperNet.Testing;

/// <summary>Polls a condition until it holds or a deadline passes; the only way tests wait.</summary>
public static class Wait
{
    /// <summary>Generous: a loaded 2-core machine must not fail a test that would pass given time.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(60);

    public static void Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? Default;
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what}");
            }
            Thread.Sleep(20);
        }
    }

    public static void Until(Func<bool> condition, string what, double seconds) =>
        Until(condition, what, TimeSpan.FromSeconds(seconds));

    /// <summary>
    /// For "this never happens" (a log that must stay quiet while a fault lasts): checks the invariant over the
    /// whole window and fails at its first breach. A loaded machine only checks it less often, never wrongly.
    /// </summary>
    public static void Throughout(Func<string?> breach, TimeSpan window)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < window)
        {
            if (breach() is { } what)
            {
                throw new InvalidOperationException($"After {clock.Elapsed.TotalSeconds:0.#} s: {what}");
            }
            Thread.Sleep(20);
        }
    }

    /// <summary>Waits until the probe yields a value, and returns it.</summary>
    public static T For<T>(Func<T?> probe, string what, TimeSpan? timeout = null) where T : class
    {
        T? value = null;
        Until(() => (value = probe()) is not null, what, timeout);
        return value!;
    }

    /// <summary>For tests that must not block a thread while they wait (async tests over a shared pool).</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? Default;
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what}");
            }
            await Task.Delay(10);
        }
    }

    /// <summary>The same for a condition that must itself await (a question posted to the supervisor loop).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? Default;
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what}");
            }
            await Task.Delay(10);
        }
    }
}
