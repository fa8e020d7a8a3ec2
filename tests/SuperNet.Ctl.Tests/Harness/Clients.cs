namespace SuperNet.Ctl.Tests.Harness;

/// <summary>The two clients under comparison: the real supervisorctl and supernetctl.</summary>
public static class Clients
{
    public const string Supervisorctl = "/usr/bin/supervisorctl";

    /// <summary>Debian's python3, which has the supervisor package (the first python3 on PATH may not).</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>supernetctl's JIT build, copied next to the tests by the project reference.</summary>
    public static string CtlDll { get; } = Path.Combine(AppContext.BaseDirectory, "supernetctl.dll");

    public static CtlResult Real(IEnumerable<string> args, string? stdin = null, string? cwd = null) =>
        ProcessRun.Run(Supervisorctl, args, stdin, cwd);

    /// <summary>supernetctl as a separate process (`dotnet supernetctl.dll`).</summary>
    public static CtlResult OursProcess(IEnumerable<string> args, string? stdin = null, string? cwd = null, IReadOnlyDictionary<string, string>? environment = null) =>
        ProcessRun.Run("dotnet", new[] { CtlDll }.Concat(args), stdin, cwd, environment: environment);

    /// <summary>
    /// supernetctl in this process: the same code path below Main, minus 60 ms of JIT start-up per call.
    /// Only for non-interactive commands (the shell reads the console).
    /// </summary>
    /// <param name="programPath">The name it runs under (argv[0]); by default the JIT build's, which is neither
    /// supernetctl nor supervisorctl.</param>
    public static CtlResult Ours(IEnumerable<string> args, string? programPath = null)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        using var raw = new MemoryStream();
        var code = SuperNet.Ctl.Program.Run(args.ToArray(), programPath ?? CtlDll, stdout, stderr, raw);
        return new CtlResult(stdout.ToString() + System.Text.Encoding.UTF8.GetString(raw.ToArray()), stderr.ToString(), code);
    }
}
