using SuperNet.Core.Config;
using SuperNet.Core.Processes;
using SuperNet.Core.Readiness;
using SuperNet.Core.Tests.Supervision;

namespace SuperNet.Core.Tests.Readiness;

/// <summary>supernetctl health and /readyz: a finished one-shot job is healthy; a failed or restarting one is not.</summary>
public sealed class HealthReportTests
{
    [Theory]
    [InlineData(0, AutoRestart.False, false)]
    [InlineData(0, AutoRestart.Unexpected, false)]
    [InlineData(1, AutoRestart.False, true)]
    public async Task An_exited_job_is_a_problem_only_when_it_failed(int code, AutoRestart restart, bool problem)
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("job") with { StartSecs = 0, AutoRestart = restart }));
        await rig.Sync();
        await rig.ExitCode("job", code);
        Assert.Equal(ProcessState.Exited, await rig.State("job"));
        var problems = HealthReport.Problems(rig.Supervisor.View);
        Assert.Equal(problem ? ["job EXITED"] : [], problems);
    }

    [Fact]
    public async Task A_job_that_autorestart_will_start_again_is_a_problem_while_it_is_down()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("job") with { StartSecs = 0, AutoRestart = AutoRestart.True }));
        await rig.Sync();
        await rig.ExitCode("job", 0);
        Assert.Equal(ProcessState.Exited, await rig.State("job"));
        Assert.Equal(["job EXITED"], HealthReport.Problems(rig.Supervisor.View));
    }
}
