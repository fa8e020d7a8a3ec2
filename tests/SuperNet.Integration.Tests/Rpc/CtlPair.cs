using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Rpc;

/// <summary>
/// One configuration under supernetd and supervisord at once, driven by the real supervisorctl: every
/// command runs against both (in parallel) and must print the same thing and exit the same way once pids,
/// uptimes, dates and scratch paths are normalised.
/// </summary>
internal sealed partial class CtlPair(SideBySide runs)
{
    public SideBySide Runs { get; } = runs;

    /// <summary>Runs the command on both and asserts equal normalised output and exit code; returns ours.</summary>
    public (int ExitCode, string Output) Same(params string[] args) => Compare(args, sortLines: false);

    /// <summary>As <see cref="Same"/>, for commands whose lines come in completion order.</summary>
    public (int ExitCode, string Output) SameLines(params string[] args) => Compare(args, sortLines: true);

    private (int ExitCode, string Output) Compare(string[] args, bool sortLines)
    {
        var oracle = Task.Run(() => Runs.Oracle.Ctl(args));
        var ours = Task.Run(() => Runs.Ours.Ctl(args));
        var expected = Text(Runs.Oracle, oracle.Result.Output, sortLines);
        var actual = Text(Runs.Ours, ours.Result.Output, sortLines);
        var command = string.Join(' ', args);
        Assert.True(expected == actual,
            $"supervisorctl {command}: output differs\n--- supervisord:\n{expected}\n--- supernetd:\n{actual}");
        Assert.True(oracle.Result.ExitCode == ours.Result.ExitCode,
            $"supervisorctl {command}: exit {ours.Result.ExitCode}, supervisord's {oracle.Result.ExitCode}\n{actual}");
        return ours.Result;
    }

    /// <summary>Appends to both configuration files (each lives in its run's scratch directory).</summary>
    public void EditConfig(Func<string, string> edit)
    {
        foreach (var run in Runs.Both)
        {
            File.WriteAllText(run.ConfigPath, edit(File.ReadAllText(run.ConfigPath)).Replace("{DIR}", run.Dir.Path));
        }
    }

    [GeneratedRegex(@"---supervisor-\S+\.log")]
    private static partial Regex AutoLog();

    public static string Text(SupervisorRun run, string text, bool sortLines = false)
    {
        text = text.Replace(run.Dir.Path, "DIR", StringComparison.Ordinal);
        text = Normalize.Text(text);
        text = AutoLog().Replace(text, "---supervisor-AUTO.log");
        return sortLines ? Normalize.SortLines(text) : text;
    }
}
