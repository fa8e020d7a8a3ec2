using System.Diagnostics;

namespace SuperNet.Container.Tests.Harness;

/// <summary>Polls a condition until it holds or a deadline passes; the only way these tests wait.</summary>
public static class Wait
{
    public static void Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0} s waiting for {what}");
            Thread.Sleep(50);
        }
    }
}
