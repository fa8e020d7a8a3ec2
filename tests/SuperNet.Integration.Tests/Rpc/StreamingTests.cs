using System.Diagnostics;
using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Rpc;

/// <summary>supervisorctl tail -f and maintail -f read /logtail and /mainlogtail as streams (contract §7.1).</summary>
public sealed partial class StreamingTests
{
    private const string Config = """
        [program:ticker]
        command=/bin/sh -c "i=0; while true; do echo line $i; i=$((i+1)); sleep 0.2; done"
        startsecs=0
        """;

    [GeneratedRegex(@"^line \d+$")]
    private static partial Regex TickerLine();

    [Fact]
    public void TailFollowStreamsNewLinesLikeSupervisord()
    {
        using var runs = new SideBySide(Config);
        runs.WaitForLog("success: ticker ");
        var ours = Task.Run(() => Follow(runs.Ours, "tail", "-f", "ticker"));
        var oracle = Task.Run(() => Follow(runs.Oracle, "tail", "-f", "ticker"));
        Assert.Equal(oracle.Result[0], ours.Result[0]);
        Assert.All(ours.Result.Skip(1), l => Assert.Matches(TickerLine(), l));
        Assert.All(oracle.Result.Skip(1), l => Assert.Matches(TickerLine(), l));
        Assert.Equal((0, 0), runs.Shutdown());
    }

    [Fact]
    public void MaintailFollowStreamsTheMainLog()
    {
        using var runs = new SideBySide(Config);
        runs.WaitForLog("success: ticker ");
        var ours = Follow(runs.Ours, "maintail", "-f");
        var oracle = Follow(runs.Oracle, "maintail", "-f");
        Assert.Equal(oracle[0], ours[0]);
        Assert.NotNull(LogLine.Parse(ours[1]));
        Assert.Equal((0, 0), runs.Shutdown());
    }

    /// <summary>Runs supervisorctl with -f, reads its header and a few streamed lines, then kills it.</summary>
    private static List<string> Follow(SupervisorRun run, params string[] args)
    {
        var psi = new ProcessStartInfo(Binaries.Supervisorctl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-c", run.ConfigPath, .. args])
        {
            psi.ArgumentList.Add(a);
        }
        using var client = Process.Start(psi)!;
        try
        {
            var lines = new List<string>();
            var reading = Task.Run(() =>
            {
                while (lines.Count < 4 && client.StandardOutput.ReadLine() is { } line)
                {
                    if (line.Length > 0)
                    {
                        lines.Add(line);
                    }
                }
            });
            Assert.True(reading.Wait(Wait.Default), $"{run.Implementation}: only {lines.Count} lines streamed: {string.Join(" | ", lines)}");
            Assert.False(client.HasExited, $"{run.Implementation}: the client ended instead of following");
            return lines;
        }
        finally
        {
            client.Kill();
            client.WaitForExit();
        }
    }
}
