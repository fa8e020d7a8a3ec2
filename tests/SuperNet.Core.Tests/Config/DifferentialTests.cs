using SuperNet.Core.Config;

namespace SuperNet.Core.Tests.Config;

/// <summary>
/// The same files through the real supervisor 4.2.5 and through SuperNet: rejected configs must give the
/// same "Error: ..." text; accepted ones the same parsed values (as printed by oracle_dump.py).
/// </summary>
public class DifferentialTests(OracleRuns oracle) : IClassFixture<OracleRuns>
{
    public static TheoryData<string> BadCases() => new(DifferentialCases.Bad.Keys);

    public static TheoryData<string> GoodCases() => new(DifferentialCases.Good.Keys);

    public static TheoryData<string> BinaryCases() => new(OracleRuns.BinarySample);

    [Theory]
    [MemberData(nameof(BadCases))]
    public void RejectedWithSupervisordsMessage(string name)
    {
        var (dir, args, real) = oracle.Bad[name];
        CompareError(name, dir, args, real);
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void RejectedLikeTheSupervisordBinary(string name)
    {
        var (dir, args, _) = oracle.Bad[name];
        CompareError(name, dir, args, oracle.Binary[name]);
    }

    private static void CompareError(string name, string dir, IReadOnlyList<string> args, Oracle.Result real)
    {
        Assert.False(real.TimedOut, $"supervisord accepted {name} and kept running");
        Assert.Equal(2, real.ExitCode);
        int start = real.Stderr.IndexOf("Error: ", StringComparison.Ordinal);
        int help = real.Stderr.IndexOf("\nFor help, use ", StringComparison.Ordinal);
        Assert.True(start >= 0 && help > start, real.Stderr);

        var ex = Assert.Throws<ConfigException>(() => LoadLikeSupervisord(args, dir));
        Assert.Equal(real.Stderr[start..help], "Error: " + ex.Message);
    }

    [Theory]
    [MemberData(nameof(GoodCases))]
    public void AcceptedWithTheSameValues(string name) => CompareDump(name);

    [Theory]
    [MemberData(nameof(UpstreamFixtureTests.Files), MemberType = typeof(UpstreamFixtureTests))]
    public void UpstreamFixturesParseToTheSameValues(string file) => CompareDump(file);

    private void CompareDump(string key)
    {
        var (dir, args, real) = oracle.Good[key];
        Assert.True(real.ExitCode == 0, real.Stderr);
        Assert.Equal(real.Stdout, OracleDump.Print(LoadLikeSupervisord(args, dir)));
    }

    private static SupervisorConfig LoadLikeSupervisord(IReadOnlyList<string> args, string cwd)
    {
        var system = ConfigContext.FromSystem();
        var ctx = new ConfigContext
        {
            Environment = system.Environment,
            CurrentDirectory = cwd,
            HostName = system.HostName,
            CurrentUid = system.CurrentUid,
            Users = system.Users,
        };
        var parsed = SupervisordArguments.Parse(args, ctx);
        return ConfigLoader.Load(parsed.ConfigFile!, parsed.Overrides, ctx);
    }
}
