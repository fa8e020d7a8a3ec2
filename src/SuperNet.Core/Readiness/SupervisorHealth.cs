using SuperNet.Core.Supervision;

namespace SuperNet.Core.Readiness;

/// <summary>The answers of /readyz and /healthz for one supervisor generation; usable from any thread.</summary>
public sealed class SupervisorHealth(Supervisor supervisor)
{
    /// <summary>/readyz: what is not RUNNING and ready, read from the published view (no trip through the loop).</summary>
    public IReadOnlyList<string> Problems() => HealthReport.Problems(supervisor.View);

    /// <summary>/healthz: true when the supervisor loop handles a message within <paramref name="timeout"/>.</summary>
    public async Task<bool> LoopAnswersAsync(TimeSpan timeout)
    {
        try
        {
            await supervisor.InvokeAsync(() => 0).WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
