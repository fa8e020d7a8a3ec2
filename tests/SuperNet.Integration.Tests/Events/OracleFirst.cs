using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Events;

/// <summary>
/// Runs the same check against both daemons at once, but surfaces supervisord's outcome first: a failure
/// there means the test itself is wrong, a failure only under supernetd is a difference to fix.
/// </summary>
public static class OracleFirst
{
    public static (T Oracle, T Ours) Check<T>(SideBySide runs, Func<SupervisorRun, T> check)
    {
        var oracle = Task.Run(() => check(runs.Oracle));
        var ours = Task.Run(() => check(runs.Ours));
        var expected = oracle.GetAwaiter().GetResult();
        return (expected, ours.GetAwaiter().GetResult());
    }

    /// <summary>Main-log lines by or about process <paramref name="name"/>, pids normalised.</summary>
    public static IReadOnlyList<string> LogAbout(SupervisorRun run, string name) =>
        run.Log().Where(l => l.Message.StartsWith($"{name}: ", StringComparison.Ordinal) || Normalize.About([l], name).Count > 0)
            .Select(Normalize.Line).ToList();

    public static void AssertSameLines(IReadOnlyList<string> oracle, IReadOnlyList<string> ours, string what) =>
        Assert.True(oracle.SequenceEqual(ours), $"{what} differ\n" + SequenceDiff.Render(oracle, ours, "supervisord", "supernetd"));
}
