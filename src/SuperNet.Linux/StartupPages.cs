using System.Globalization;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// Gives back the pages of the daemon's own executable that only start-up touched (the Generic Host, the
/// configuration reader, dependency injection): once it is serving, its read-only mappings of the binary are
/// advised MADV_PAGEOUT, so their clean pages leave this process and, where nothing else maps them, the page
/// cache (and so the container's memory charge). What serving needs faults back in from the file on first use.
/// The kernel only pages out file pages of a binary the caller owns or may write (root, as in a container);
/// otherwise the advice does nothing, and libc, mapped by every process, is never touched.
/// docs/performance.md, "Memory", has the figures.
/// </summary>
public static class StartupPages
{
    /// <summary>Bytes of the executable's read-only mappings advised; 0 when none could be.</summary>
    public static long Release()
    {
        var exe = Environment.ProcessPath;
        if (exe is null)
        {
            return 0;
        }
        string[] maps;
        try
        {
            maps = File.ReadAllLines("/proc/self/maps");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No /proc (a hardened container): the daemon keeps the pages it would have kept anyway.
            return 0;
        }
        long advised = 0;
        foreach (var line in maps)
        {
            // "start-end perms offset dev inode path": only this binary's mappings that are not writable.
            if (!line.EndsWith(exe, StringComparison.Ordinal))
            {
                continue;
            }
            var fields = line.Split(' ', 3);
            if (fields.Length < 3 || fields[1].Contains('w', StringComparison.Ordinal))
            {
                continue;
            }
            var range = fields[0].Split('-');
            var start = long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var end = long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            // Without MADV_RANDOM the first fault after the page-out reads the whole binary back (read-around).
            Libc.Madvise((nint)start, (nuint)(end - start), Libc.MADV_RANDOM);
            if (Libc.Madvise((nint)start, (nuint)(end - start), Libc.MADV_PAGEOUT) == 0)
            {
                advised += end - start;
            }
        }
        return advised;
    }
}
