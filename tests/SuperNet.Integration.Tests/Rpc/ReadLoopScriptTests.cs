using System.Text.Json;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Rpc;

/// <summary>
/// The bookkeeping main_log_reads.py and rotation_reads.py share (log_read_loop.py). Their clearing client runs on a
/// thread of its own; by Python's default an exception there is printed to stderr, the thread ends, and the summary
/// still says nothing failed, so a clear that faulted from its first call passed the tests.
/// </summary>
public sealed class ReadLoopScriptTests
{
    [Fact]
    public void An_exception_in_another_thread_is_counted_as_a_failure()
    {
        using var dir = new TempDir();
        var script = dir.Write("thread_raises.py", """
            import json
            import sys
            import threading

            sys.path.insert(0, sys.argv[1])
            from log_read_loop import ReadLoop

            loop = ReadLoop('/nonexistent', ['reader'], watch=False)


            def clear_loop():
                raise RuntimeError('clearLog faulted')


            clearer = threading.Thread(target=clear_loop)
            clearer.start()
            clearer.join()
            loop.attempt('reader', lambda: None)
            print(json.dumps(loop.summary('replaced')))
            """);
        var (exit, output) = SupervisorRun.Run(Binaries.Python, [script, Path.Combine(AppContext.BaseDirectory, "Rpc")]);
        Assert.True(exit == 0, output);
        using var summary = JsonDocument.Parse(output.Split('\n').Last(l => l.StartsWith('{')));
        var root = summary.RootElement;
        Assert.Equal(1, root.GetProperty("failed").GetInt32());
        Assert.Contains("RuntimeError: clearLog faulted", root.GetProperty("failures")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(1, root.GetProperty("calls").GetProperty("reader").GetInt32());
    }
}
