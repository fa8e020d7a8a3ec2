using System.IO.Pipes;
using System.Text.RegularExpressions;
using SuperNet.Core.Config;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests.Logging;

/// <summary>
/// logfile=/dev/stderr while supernetd's stderr is a pipe (a real one here, nobody reading it for a while): the file
/// copy goes through the stream's queue, so a reader that stops never holds up the thread that logs; what does not fit
/// is dropped, counted, and reported once the reader catches up.
/// </summary>
public class MainLogOnDaemonStreamTests
{
    private const int Lines = 12_000;

    [Fact]
    public void A_logfile_on_the_daemons_stderr_pipe_is_queued_there_and_never_holds_up_the_logger()
    {
        var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        var reader = new StreamReader(new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle));
        try
        {
            LogThenRead(pipe, reader);
        }
        finally
        {
            // The write end first: a read a failure left waiting then sees the end of the pipe.
            pipe.Dispose();
            reader.Dispose();
        }
    }

    private static void LogThenRead(AnonymousPipeServerStream pipe, StreamReader reader)
    {
        using var output = new DaemonOutput(Stream.Null, pipe, colourStdout: false, colourStderr: false, TimeProvider.System);
        using var log = MainLog.Open(new SupervisordOptions { Logfile = "/dev/stderr", LogfileMaxBytes = 0 }, daemonOutput: output);
        using var reports = output.ReportTo(log);

        log.Log(LogLevel.Info, "first");
        var first = Task.Run(reader.ReadLine);
        Assert.True(first.Wait(Wait.Default), "the first line never reached the pipe");
        Assert.EndsWith(" INFO first", first.Result);

        // Nobody reads now: some 12 MB, more than the pipe and the queue hold.
        var padding = new string('x', 1000);
        var logging = Task.Run(() =>
        {
            for (var i = 0; i < Lines; i++)
                log.Log(LogLevel.Info, $"line {i:D5} {padding}");
        });
        Assert.True(logging.Wait(Wait.Default), "logging waited for the pipe's reader");

        var received = new List<string>();
        var caughtUp = new Regex(@"WARN supernetd's stderr caught up after dropping (\d+) lines \(supervisord: (\d+)\)$");
        var reading = Task.Run(() =>
        {
            while (reader.ReadLine() is { } line)
            {
                received.Add(line);
                if (caughtUp.IsMatch(line))
                    return;
            }
        });
        Assert.True(reading.Wait(Wait.Default), "no drop report once the reader caught up");

        var dropped = long.Parse(caughtUp.Match(received[^1]).Groups[2].Value);
        var numbers = received.Select(l => Regex.Match(l, @" INFO line (\d{5}) x{1000}$")).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.True(dropped > 0);
        // Every line is whole, in order, and every one missing is counted, the report that dropping began included
        // when it was itself dropped.
        Assert.Equal(numbers.Order(), numbers);
        Assert.Equal(numbers.Distinct().Count(), numbers.Count);
        Assert.All(received, l => Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]{4} ", l));
        var beganReported = received.Any(l => l.Contains("supernetd's stderr is not keeping up", StringComparison.Ordinal));
        Assert.Equal(Lines + (beganReported ? 0 : 1), numbers.Count + dropped);
    }
}
