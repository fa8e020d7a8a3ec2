using System.Text;
using SuperNet.Core.Os;

namespace SuperNet.Linux.Tests.Support;

/// <summary>Collects one pipe's bytes; lets a test await EOF or a piece of text.</summary>
internal sealed class CaptureSink : IOutputSink
{
    private readonly MemoryStream _bytes = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];

    public IOutputRoom? Room { get; init; }

    public IDirectFileOutput? DirectFile { get; init; }

    public void OnData(ReadOnlySpan<byte> data)
    {
        lock (_bytes)
        {
            _bytes.Write(data);
            CheckWaiters();
        }
    }

    public void OnClosed()
    {
        lock (_bytes)
        {
            foreach (var (text, seen) in _waiters)
            {
                seen.TrySetException(new InvalidOperationException($"pipe closed before '{text}' appeared; got: {TextLocked()}"));
            }
            _waiters.Clear();
        }
        _closed.TrySetResult();
    }

    public byte[] Bytes
    {
        get
        {
            lock (_bytes)
            {
                return _bytes.ToArray();
            }
        }
    }

    public string Text => Encoding.UTF8.GetString(Bytes);

    /// <summary>Waits for EOF and returns everything that was read.</summary>
    public async Task<string> ReadToEnd()
    {
        await _closed.Task.WaitAsync(TestPlatform.Deadline);
        return Text;
    }

    public async Task<byte[]> ReadAllBytes()
    {
        await _closed.Task.WaitAsync(TestPlatform.Deadline);
        return Bytes;
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; returns the output so far.</summary>
    public async Task<string> WaitFor(string text)
    {
        Task seen;
        lock (_bytes)
        {
            if (TextLocked().Contains(text, StringComparison.Ordinal))
            {
                return TextLocked();
            }
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((text, waiter));
            seen = waiter.Task;
        }
        await seen.WaitAsync(TestPlatform.Deadline);
        return Text;
    }

    private string TextLocked() => Encoding.UTF8.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length);

    private void CheckWaiters()
    {
        if (_waiters.Count == 0)
        {
            return;
        }
        var text = TextLocked();
        _waiters.RemoveAll(w =>
        {
            if (!text.Contains(w.Text, StringComparison.Ordinal))
            {
                return false;
            }
            w.Seen.TrySetResult();
            return true;
        });
    }
}
