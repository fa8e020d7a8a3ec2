using Microsoft.Win32.SafeHandles;

namespace SuperNet.Core.Logging;

/// <summary>
/// The offset/length rules of readLog, readProcess*Log and tailProcess*Log (contract §2.6, trap 12),
/// applied to raw bytes. Text decoding is the RPC layer's business.
/// </summary>
public static class LogFileReader
{
    /// <summary>supervisord tests existence with os.path.exists: directories count.</summary>
    public static bool Exists(string path) => LogRotationGate.Exists(path);

    /// <summary>Opens for reading; a file renamed away by a rotation since it was seen is looked for again once that ends.</summary>
    private static SafeFileHandle OpenRead(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return LogRotationGate.Settled(path, static p => File.OpenHandle(p, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        }
    }

    /// <summary>readLog(offset, length); throws <see cref="LogReadException"/>.</summary>
    public static byte[] Read(string path, long offset, long length)
    {
        if (!Exists(path))
            throw new LogReadException(LogReadError.NoFile, path);
        SafeFileHandle file;
        try
        {
            file = OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LogReadException(LogReadError.Failed, e.Message);
        }
        using (file)
        {
            long start, count;
            if (offset < 0)
            {
                if (length != 0)
                    throw new LogReadException(LogReadError.BadArguments);
                long size = Size(file);
                start = Math.Max(0, size + offset);
                // -long.MinValue is not a long: asking for more than a file can hold reads it all, as Python's would.
                count = offset == long.MinValue ? long.MaxValue : -offset;
            }
            else
            {
                if (length < 0)
                    throw new LogReadException(LogReadError.BadArguments);
                start = offset;
                count = length == 0 ? long.MaxValue : length;
            }
            return ReadAt(file, start, count);
        }
    }

    /// <summary>tailProcess*Log(offset, length): never throws; a missing file gives ('', 0, false).</summary>
    public static LogTail Tail(string path, long offset, long length)
    {
        if (!Exists(path))
            return LogTail.Empty(0);
        try
        {
            using var file = OpenRead(path);
            long size = RandomAccess.GetLength(file);
            // Python's integers do not overflow: offset + length near long.MaxValue must compare as the sum it is.
            Int128 start = offset, count = length;
            bool overflow = false;
            if (size > start + count)
            {
                overflow = true;
                start = size - 1;
            }
            if (start + count > size)
            {
                if (start > size - 1)
                    count = 0;
                start = size - count;
            }
            start = Int128.Max(0, start);
            count = Int128.Max(0, count);
            // With something to read, start + count <= size: both fit in a long.
            byte[] data = count == 0 ? [] : ReadAt(file, (long)start, (long)count);
            return new LogTail(data, size, overflow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or LogReadException)
        {
            return LogTail.Empty(offset);
        }
    }

    private static long Size(SafeFileHandle file)
    {
        try
        {
            return RandomAccess.GetLength(file);
        }
        catch (Exception e) when (e is IOException or NotSupportedException)
        {
            throw new LogReadException(LogReadError.Failed, e.Message);
        }
    }

    private static byte[] ReadAt(SafeFileHandle file, long start, long count)
    {
        long available = Math.Max(0, Size(file) - start);
        var buffer = new byte[(int)Math.Min(Math.Min(count, available), Array.MaxLength)];
        int filled = 0;
        try
        {
            while (filled < buffer.Length)
            {
                int n = RandomAccess.Read(file, buffer.AsSpan(filled), start + filled);
                if (n == 0)
                    break;
                filled += n;
            }
        }
        catch (Exception e) when (e is IOException or NotSupportedException)
        {
            throw new LogReadException(LogReadError.Failed, e.Message);
        }
        return filled == buffer.Length ? buffer : buffer[..filled];
    }
}
