using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// A group with no processes (numprocs=0, a [group:x] without programs=) is accepted by supervisord, which runs
/// with it; supernetd died at start-up with status 1 ("The given key ... was not present in the dictionary").
/// </summary>
public sealed class EmptyGroupTests
{
    [Fact]
    public void GroupsWithoutProcessesRunAsUnderSupervisord()
    {
        const string body = """
            [program:none]
            command=sleep 1000
            numprocs=0

            [group:g]

            [program:one]
            command=sleep 1000
            startsecs=0

            """;
        using var runs = new SideBySide(body);
        runs.WaitForLog("success: one ");
        string[][] commands = [["status"], ["avail"], ["start", "g:*"], ["stop", "none:*"], ["reread"], ["remove", "none"], ["status"]];
        static string Shown((int Code, string Output) r) =>
            $"{r.Code} " + System.Text.RegularExpressions.Regex.Replace(r.Output, @"pid \d+, uptime \S+", "pid N, uptime U");
        foreach (var command in commands)
        {
            var expected = Shown(runs.Oracle.Ctl(command));
            Assert.Equal(expected, Shown(runs.Ours.Ctl(command)));
        }
        Assert.Equal((0, 0), runs.Shutdown());
    }
}
