using System.Text;

namespace SuperNet.Rpc.Logs;

/// <summary>
/// supervisord's readLog and tail rules on a log file's raw bytes (contract §2.6, trap 12). Bytes are
/// decoded as UTF-8 with replacement characters: upstream fails with HTTP 500 on a split character.
/// </summary>
internal static class LogFile
{
    /// <summary>readLog / readProcess*Log: BAD_ARGUMENTS for a bad offset/length pair, FAILED on I/O errors.</summary>
    public static string Read(string path, long offset, long length)
    {
        if (offset < 0 ? length != 0 : length < 0)
        {
            throw new RpcFaultException(Faults.BadArguments);
        }
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var size = f.Length;
            long start, count;
            if (offset < 0)
            {
                start = Math.Max(0, size + offset);
                count = size - start;
            }
            else
            {
                start = Math.Min(offset, size);
                count = length == 0 ? size - start : Math.Min(length, size - start);
            }
            return Decode(ReadAt(f, start, count));
        }
        catch (IOException)
        {
            throw new RpcFaultException(Faults.Failed);
        }
        catch (UnauthorizedAccessException)
        {
            throw new RpcFaultException(Faults.Failed);
        }
    }

    /// <summary>tailProcess*Log: [data, size, overflow]; a missing or unreadable file gives ("", offset, false).</summary>
    public static (string Data, long Offset, bool Overflow) Tail(string path, long offset, long length)
    {
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var size = f.Length;
            var overflow = false;
            if (size > offset + length)
            {
                overflow = true;
                offset = size - 1;
            }
            if (offset + length > size)
            {
                if (offset > size - 1)
                {
                    length = 0;
                }
                offset = size - length;
            }
            offset = Math.Max(0, offset);
            length = Math.Max(0, length);
            var data = length == 0 ? [] : ReadAt(f, offset, Math.Min(length, Math.Max(0, size - offset)));
            return (Decode(data), size, overflow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ("", offset, false);
        }
    }

    private static byte[] ReadAt(FileStream f, long start, long count)
    {
        if (count <= 0)
        {
            return [];
        }
        // A reply is one XML document in memory anyway; Array.MaxLength keeps a huge file from throwing.
        var buffer = new byte[Math.Min(count, Array.MaxLength)];
        f.Position = start;
        var read = f.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return read == buffer.Length ? buffer : buffer[..read];
    }

    private static string Decode(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
