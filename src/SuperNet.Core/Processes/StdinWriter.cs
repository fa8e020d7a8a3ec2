using Microsoft.Win32.SafeHandles;

namespace SuperNet.Core.Processes;

/// <summary>
/// The parent's end of a child's stdin pipe (sendProcessStdin). Writes run in order off the supervisor
/// thread, because a child that does not read would otherwise block the whole supervisor on a full pipe.
/// </summary>
internal sealed class StdinWriter(SafeFileHandle handle)
{
    // A stream, not RandomAccess: RandomAccess refuses unseekable handles, and a pipe is one.
    private readonly FileStream stream = new(handle, FileAccess.Write, bufferSize: 0);
    private Task tail = Task.CompletedTask;
    private volatile bool broken;

    /// <summary>A write failed (EPIPE: the child closed its stdin); later sends report NO_FILE.</summary>
    public bool IsBroken => broken;

    /// <param name="onBroken">Called (on a pool thread) when this write finds the pipe broken or already broken.</param>
    public void Write(byte[] data, Action? onBroken = null)
    {
        tail = tail.ContinueWith(_ =>
        {
            WriteNow(data);
            if (broken)
            {
                onBroken?.Invoke();
            }
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>Closes the pipe once the queued writes are done.</summary>
    public void Close()
    {
        tail = tail.ContinueWith(_ => CloseNow(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private void WriteNow(byte[] data)
    {
        if (broken || handle.IsClosed)
        {
            return;
        }
        try
        {
            stream.Write(data);
        }
        catch (IOException)
        {
            broken = true;
        }
        catch (UnauthorizedAccessException)
        {
            broken = true;
        }
    }

    private void CloseNow()
    {
        try
        {
            stream.Dispose();
        }
        catch (IOException)
        {
            // nothing is buffered (bufferSize 0), so there is nothing a failed close could lose
        }
        handle.Dispose();
    }
}
