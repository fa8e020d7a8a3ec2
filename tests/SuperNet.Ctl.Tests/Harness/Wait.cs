namespace SuperNet.Ctl.Tests.Harness;

public static class Wait
{
    /// <summary>Polls a condition until it holds or the deadline passes (then fails with the description).</summary>
    public static void Until(Func<bool> condition, string what, double seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting for " + what);
            }

            Thread.Sleep(20);
        }
    }
}
