using Microsoft.Win32.SafeHandles;

namespace SuperNet.Core.Processes;

/// <summary>
/// The parent's end of a child's stdin pipe (sendProcessStdin). Writes run in order off the supervisor
/// thread, because a child that does not read would otherwise block the whole supervisor on a full pipe.
/// </summary>
internal sealed class StdinWriter(SafeFileHandle handle)
{
    private Task tail = Task.CompletedTask;
    private volatile bool broken;
    // Ignored by pipes; keeps writes in sequence should the handle be a regular file.
    private long offset;

    /// <summary>A write failed (EPIPE: the child closed its stdin); later sends report NO_FILE.</summary>
    public bool IsBroken => broken;

    public void Write(byte[] data)
    {
        tail = tail.ContinueWith(_ => WriteNow(data), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>Closes the pipe once the queued writes are done.</summary>
    public void Close()
    {
        tail = tail.ContinueWith(_ => handle.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private void WriteNow(byte[] data)
    {
        if (broken || handle.IsClosed)
        {
            return;
        }
        try
        {
            RandomAccess.Write(handle, data, offset);
            offset += data.Length;
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
}
