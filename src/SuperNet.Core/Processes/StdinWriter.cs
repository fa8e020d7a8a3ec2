using System.IO.Pipes;
using Microsoft.Win32.SafeHandles;

namespace SuperNet.Core.Processes;

/// <summary>
/// The parent's end of a child's stdin pipe (sendProcessStdin, a listener's events). Writes run in order off
/// the supervisor thread, because a child that does not read would otherwise block the whole supervisor on a
/// full pipe; and they are asynchronous all the way down (a pipe stream waits on epoll, not in write(2)), so a
/// child that stops reading holds queued bytes, never a thread-pool thread.
/// </summary>
internal sealed class StdinWriter
{
    private readonly Stream stream;
    private Task tail = Task.CompletedTask;
    private volatile bool broken;
    private volatile bool closed;

    /// <param name="handle">Owned from here on: <see cref="Close"/> closes the descriptor.</param>
    public StdinWriter(SafeFileHandle handle) => stream = Open(handle);

    private static Stream Open(SafeFileHandle handle)
    {
        // The pipe stream must own the descriptor: one over a borrowed descriptor (ownsHandle: false) never
        // finishes Dispose on Linux (its inner socket waits for a release a borrowed handle never makes), which
        // pins a pool thread that keeps trying to unblock that descriptor number, by then maybe another socket.
        var pipe = new SafePipeHandle(handle.DangerousGetHandle(), ownsHandle: true);
        try
        {
            var stream = new AnonymousPipeClientStream(PipeDirection.Out, pipe);
            handle.SetHandleAsInvalid();
            return stream;
        }
        catch (IOException)
        {
            // Not a pipe (a file or a device): writing to it never waits on a reader.
            pipe.SetHandleAsInvalid();
            return new FileStream(handle, FileAccess.Write, bufferSize: 0);
        }
    }

    /// <summary>A write failed (EPIPE: the child closed its stdin); later sends report NO_FILE.</summary>
    public bool IsBroken => broken;

    /// <param name="onBroken">Called (on a pool thread) when this write finds the pipe broken or already broken.</param>
    public void Write(byte[] data, Action? onBroken = null) => tail = WriteAfter(tail, data, onBroken);

    /// <summary>Closes the pipe once the queued writes are done.</summary>
    public void Close() => tail = CloseAfter(tail);

    private async Task WriteAfter(Task previous, byte[] data, Action? onBroken)
    {
        await previous.ConfigureAwait(false);
        if (!broken && !closed)
        {
            try
            {
                await stream.WriteAsync(data).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                broken = true;
            }
        }
        if (broken)
        {
            onBroken?.Invoke();
        }
    }

    private async Task CloseAfter(Task previous)
    {
        await previous.ConfigureAwait(false);
        await Task.Yield();
        closed = true;
        try
        {
            stream.Dispose();
        }
        catch (IOException)
        {
            // nothing is buffered, so there is nothing a failed close could lose
        }
    }
}
