using System.Diagnostics;
using System.Text.Json;

namespace SuperNet.Core.Tests.Config;

/// <summary>
/// Runs the oracle once for every differential case before the tests compare: every case through one
/// oracle_dump.py process (supervisor's own option parsing, the code /usr/bin/supervisord runs first),
/// and a sample of the rejected ones through the /usr/bin/supervisord binary itself.
/// Case directories live as long as the fixture so both sides see identical paths.
/// </summary>
public sealed class OracleRuns : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly List<TempDir> _dirs = [];

    public Dictionary<string, (string Dir, List<string> Args, Oracle.Result Result)> Bad { get; } = [];
    public Dictionary<string, (string Dir, List<string> Args, Oracle.Result Result)> Good { get; } = [];

    /// <summary>Bad cases also run through the /usr/bin/supervisord binary (the rest use the same code in one process).</summary>
    public static readonly string[] BinarySample =
    [
        "no-section-header", "parse-errors", "no-supervisord-section", "bad-boolean", "numprocs-without-process-num",
        "lone-percent", "group-unknown-second-member", "inet-port-not-int", "unknown-event", "include-program-error-names-file",
        "cli-positional", "cli-unknown-short", "cli-conflicting", "cli-bad-loglevel", "cli-missing-config", "supervisord-user",
    ];

    public Dictionary<string, Oracle.Result> Binary { get; } = [];

    public OracleRuns()
    {
        var jobs = new List<(string Key, bool IsBad, string Dir, List<string> Args)>();
        foreach (var (key, (conf, args)) in DifferentialCases.Bad)
            jobs.Add((key, true, Setup(conf, DifferentialCases.ExtraFiles.GetValueOrDefault(key)).Path, Arguments(args, "-n")));
        foreach (var (key, (conf, args)) in DifferentialCases.Good)
            jobs.Add((key, false, Setup(conf, DifferentialCases.GoodExtraFiles.GetValueOrDefault(key)).Path, Arguments(args)));
        var fixtureDir = new TempDir();
        _dirs.Add(fixtureDir);
        foreach (var file in UpstreamFixtureTests.FilePaths())
            jobs.Add((file, false, fixtureDir.Path, new List<string> { "-c", file }));

        var binary = new Oracle.Result[BinarySample.Length];
        var binaryRuns = Task.Run(() => Parallel.For(0, BinarySample.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var job = jobs.First(j => j.Key == BinarySample[i]);
            binary[i] = Oracle.Run(Oracle.Supervisord, job.Args, job.Dir, Deadline);
        }));
        var results = DumpAll(jobs.Select(j => (j.Dir, j.Args)).ToList());
        for (int i = 0; i < jobs.Count; i++)
            (jobs[i].IsBad ? Bad : Good)[jobs[i].Key] = (jobs[i].Dir, jobs[i].Args, results[i]);
        binaryRuns.Wait();
        for (int i = 0; i < BinarySample.Length; i++) Binary[BinarySample[i]] = binary[i];
    }

    public void Dispose()
    {
        foreach (var d in _dirs) d.Dispose();
    }

    private static List<Oracle.Result> DumpAll(List<(string Dir, List<string> Args)> jobs)
    {
        var psi = new ProcessStartInfo(Oracle.Python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(DumpScript());
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        foreach (var (dir, args) in jobs)
            p.StandardInput.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["cwd"] = dir, ["args"] = args }));
        p.StandardInput.Close();
        var results = new List<Oracle.Result>();
        while (p.StandardOutput.ReadLine() is { } line)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            results.Add(new Oracle.Result(root.GetProperty("code").GetInt32(), root.GetProperty("out").GetString()!, root.GetProperty("err").GetString()!, false));
        }
        if (!p.WaitForExit(Deadline)) p.Kill();
        if (results.Count != jobs.Count) throw new InvalidOperationException("oracle_dump.py failed: " + stderr.Result);
        return results;
    }

    private static List<string> Arguments(string[] extra, params string[] leading) =>
        extra.Length > 0 && extra[0] == "!"
            ? [.. leading, .. extra.Skip(1)]
            : [.. leading, "-c", "supervisord.conf", .. extra];

    private TempDir Setup(string conf, Dictionary<string, string>? extraFiles)
    {
        var dir = new TempDir();
        _dirs.Add(dir);
        dir.Write("supervisord.conf", conf.Replace("{dir}", dir.Path, StringComparison.Ordinal));
        foreach (var (path, text) in extraFiles ?? [])
            dir.Write(path, text.Replace("{dir}", dir.Path, StringComparison.Ordinal));
        return dir;
    }

    private static string DumpScript([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "oracle_dump.py");
}
