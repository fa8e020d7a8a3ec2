namespace SuperNet.Integration.Tests.Harness;

/// <summary>Runs the same configuration under supernetd and under supervisord 4.2.5 at the same time.</summary>
public sealed class SideBySide : IDisposable
{
    public SupervisorRun Ours { get; }
    public SupervisorRun Oracle { get; }

    public SideBySide(string body, RunOptions? options = null)
    {
        Oracle = SupervisorRun.Start(Implementation.Supervisord, body, options);
        Ours = SupervisorRun.Start(Implementation.SuperNet, body, options);
    }

    public IEnumerable<SupervisorRun> Both => [Ours, Oracle];

    public void WaitForLog(string fragment, int occurrence = 1, TimeSpan? timeout = null)
    {
        foreach (var run in Both)
        {
            run.WaitForLog(fragment, timeout, occurrence);
        }
    }

    /// <summary>SIGTERM to both and wait for both to exit; returns (ours, oracle) exit codes.</summary>
    public (int Ours, int Oracle) Shutdown(TimeSpan? timeout = null)
    {
        foreach (var run in Both)
        {
            run.Signal(15);
        }
        return (Ours.WaitForExit(timeout), Oracle.WaitForExit(timeout));
    }

    public void AssertSameLifecycle(string name)
    {
        var expected = Normalize.CollapseRepeats(Normalize.About(Oracle.Log(), name));
        var actual = Normalize.CollapseRepeats(Normalize.About(Ours.Log(), name));
        Assert.True(expected.SequenceEqual(actual),
            $"lifecycle of '{name}' differs\n--- supervisord:\n{string.Join('\n', expected)}\n--- supernetd:\n{string.Join('\n', actual)}");
    }

    public void Dispose()
    {
        Ours.Dispose();
        Oracle.Dispose();
    }
}
