namespace SuperNet.Ctl.Tests.Harness;

/// <summary>Runs one command line through supervisorctl and supernetctl against the same server and compares.</summary>
public static class Differential
{
    /// <param name="options">options before the action (e.g. -c FILE, or -s URL -u U -p P)</param>
    /// <param name="command">the action line, split at spaces</param>
    /// <param name="setup">ours: brings the server into the same state before each client runs</param>
    /// <param name="sortLines">for results in completion order (group and `all` operations)</param>
    public static void AssertSame(string[] options, string command, Action? setup = null, bool sortLines = false)
    {
        var args = options.Concat(command.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        setup?.Invoke();
        var real = Normalize.Result(RealBatch.Run(args), sortLines);
        setup?.Invoke();
        var ours = Normalize.Result(Clients.Ours(args), sortLines);
        Assert.True(real == ours, $"`{command}` differs\n=== supervisorctl\n{real}\n=== supernetctl\n{ours}");
    }
}
