using System.IO.Enumeration;
using System.Globalization;

namespace SuperNet.Rpc.Metrics;

/// <summary>The daemon's own resource use, read from /proc when scraped (never sampled in the background).</summary>
internal static class DaemonStats
{
    /// <summary>VmRSS of /proc/self/status in bytes; 0 when unreadable.</summary>
    public static long ResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kib = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }

    /// <summary>
    /// Entries of /proc/self/fdinfo (the enumeration's own descriptor included, as Prometheus clients count). Not
    /// /proc/self/fd: its entries are symlinks, which the enumeration stats one by one (30 ms at 3000 descriptors).
    /// </summary>
    public static int OpenFds()
    {
        try
        {
            return new FileSystemEnumerable<byte>("/proc/self/fdinfo", static (ref FileSystemEntry _) => 0).Count();
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The soft RLIMIT_NOFILE from /proc/self/limits; 0 when unreadable.</summary>
    public static long MaxFds()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.TryParse(soft, CultureInfo.InvariantCulture, out var n) ? n : 0;
                }
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }

    /// <summary>User plus system CPU time of the whole daemon.</summary>
    public static double CpuSeconds() => Environment.CpuUsage.TotalTime.TotalSeconds;
}
