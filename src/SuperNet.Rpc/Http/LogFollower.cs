using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Logging;
using SuperNet.Linux;

namespace SuperNet.Rpc.Http;

/// <summary>
/// A log followed as supervisord's tail -f follows it: held open; at each poll a different file at the path
/// (another inode: rotated away, or removed and made again by a clear) is taken from its start without a word, and
/// only the held file shrinking (emptied in place) counts as truncated. No file at the path keeps the one held.
/// </summary>
internal sealed class LogFollower(string path) : IDisposable
{
    private SafeFileHandle? _file;
    private ulong? _inode;
    private long _position;

    /// <summary>Opens the log with its last <paramref name="tailBytes"/> still to read; false if it cannot be opened.</summary>
    public bool Start(long tailBytes)
    {
        _file = OpenAtPath() ?? LogRotationGate.Settled(path, _ => OpenAtPath());
        if (_file is null)
        {
            return false;
        }
        _position = Math.Max(0, RandomAccess.GetLength(_file) - tailBytes);
        return true;
    }

    /// <summary>Moves to the file now at the path if it is another one; true if the held file shrank under us.</summary>
    public bool Poll()
    {
        if (FileInode.OfPath(path) is { } now && now != _inode && OpenAtPath() is { } next)
        {
            _file!.Dispose();
            _file = next;
            _position = 0;
        }
        if (RandomAccess.GetLength(_file!) < _position)
        {
            _position = 0;
            return true;
        }
        return false;
    }

    /// <summary>Bytes appended since the last read, at most a buffer's worth; 0 when there are none.</summary>
    public int Read(byte[] buffer)
    {
        var read = RandomAccess.Read(_file!, buffer, _position);
        _position += read;
        return read;
    }

    private SafeFileHandle? OpenAtPath()
    {
        try
        {
            var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            _inode = FileInode.Of(file);
            return file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose() => _file?.Dispose();
}
