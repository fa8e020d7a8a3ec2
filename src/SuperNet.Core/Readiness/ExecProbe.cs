using System.Text;
using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Os;

namespace SuperNet.Core.Readiness;

/// <summary>
/// exec:COMMAND: /bin/sh -c COMMAND, ready when it exits 0. Its output (stdout and stderr together) is kept
/// for the log; an attempt that outlives its timeout is killed with its process group. The command's own exit
/// decides: once it is reaped, what its pipe holds is read and the pipe is closed. What it started in the
/// background is killed with its process group when it exits (the reaper does it, <see cref="SpawnRequest.KillGroupAtExit"/>):
/// a check must not leave processes nobody supervises, one more per attempt. Only something that left the group
/// (setsid) survives it; that one neither holds the attempt open nor keeps a descriptor in the daemon.
/// </summary>
internal sealed class ExecProbe : IProbeAttempt, IOutputSink
{
    private const int KeptOutput = 1024;
    private readonly IProbeHost host;
    private readonly Action<ProbeResult> done;
    private readonly TimeSpan timeout;
    private readonly CancellationTokenSource timer = new();
    private readonly Lock outputLock = new();
    private readonly List<byte> output = [];
    private int pid;
    private SafeFileHandle? stdout;
    private WaitStatus? exit;
    private bool eof;
    private bool timedOut;
    private bool finished;

    private ExecProbe(IProbeHost host, TimeSpan timeout, Action<ProbeResult> done)
    {
        this.host = host;
        this.timeout = timeout;
        this.done = done;
    }

    /// <param name="request">Built here, inside the attempt: it reads environment_file, whose failure is this attempt's answer.</param>
    public static ExecProbe Start(Probe probe, IProbeHost host, TimeSpan timeout, Func<SpawnRequest> request, Action<ProbeResult> done)
    {
        var attempt = new ExecProbe(host, timeout, done);
        SpawnResult result;
        try
        {
            result = host.Spawner.Spawn(request() with { RedirectStderr = true, KillGroupAtExit = true });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            result = new SpawnResult(0, null, 0, e.Message);
        }
        if (!result.Succeeded)
        {
            var error = result.Error ?? $"could not run {probe.Command}: errno {result.Errno}";
            host.Post(() => attempt.Complete(new ProbeResult(false, error)));
            return attempt;
        }
        attempt.pid = result.Pid;
        host.ProbeStarted(result.Pid, attempt.Exited);
        if (result.Pipes is { } pipes)
        {
            pipes.Stdin.Dispose();
            pipes.Notify?.Dispose();
            attempt.stdout = pipes.Stdout;
            host.Pump.Add(pipes.Stdout, attempt);
        }
        else
        {
            attempt.eof = true;
        }
        _ = Task.Delay(timeout, attempt.timer.Token).ContinueWith(
            t => host.Post(attempt.TimedOut), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        return attempt;
    }

    public void Cancel()
    {
        if (finished)
        {
            return;
        }
        finished = true;
        timer.Cancel();
        if (exit is null && pid != 0)
        {
            host.Signaller.Signal(pid, Signals.KILL, processGroup: true);
        }
        CloseOutput();
    }

    // Pump thread.
    public void OnData(ReadOnlySpan<byte> data)
    {
        lock (outputLock)
        {
            output.AddRange(data);
            if (output.Count > KeptOutput)
            {
                output.RemoveRange(0, output.Count - KeptOutput);
            }
        }
    }

    // Pump thread.
    public void OnClosed() => host.Post(() =>
    {
        eof = true;
        TryFinish();
    });

    private void Exited(WaitStatus status)
    {
        exit = status;
        // Its end of file arrives through OnClosed, at once if nothing it started still writes to the pipe.
        CloseOutput();
        TryFinish();
    }

    private void CloseOutput()
    {
        if (!eof && stdout is { } pipe)
        {
            host.Pump.DrainAndClose(pipe);
        }
    }

    private void TimedOut()
    {
        // Once reaped, the answer is already on its way (the pipe's last bytes, then the close).
        if (finished || exit is not null)
        {
            return;
        }
        timedOut = true;
        host.Signaller.Signal(pid, Signals.KILL, processGroup: true);
    }

    private void TryFinish()
    {
        if (exit is not { } status || !eof)
        {
            return;
        }
        string text;
        lock (outputLock)
        {
            text = Encoding.UTF8.GetString([.. output]).Trim();
        }
        var ok = !timedOut && status.Exited && status.ExitCode == 0;
        var how = timedOut ? $"timed out after {timeout.TotalSeconds:0.###} s" : status.Describe();
        Complete(new ProbeResult(ok, text.Length == 0 ? how : $"{how}: {text}"));
    }

    private void Complete(ProbeResult result)
    {
        if (finished)
        {
            return;
        }
        finished = true;
        timer.Cancel();
        done(result);
    }
}
