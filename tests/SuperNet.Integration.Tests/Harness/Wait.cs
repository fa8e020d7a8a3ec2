using System.Diagnostics;

namespace SuperNet.Integration.Tests.Harness;

/// <summary>Polls a condition until it holds or a deadline passes; the only way tests wait.</summary>
public static class Wait
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(60);

    public static void Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? Default;
        while (!condition())
        {
            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what}");
            }
            Thread.Sleep(20);
        }
    }

    public static T For<T>(Func<T?> probe, string what, TimeSpan? timeout = null) where T : class
    {
        T? value = null;
        Until(() => (value = probe()) is not null, what, timeout);
        return value!;
    }
}
