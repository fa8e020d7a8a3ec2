namespace SuperNet.Integration.Tests.Harness;

/// <summary>Reads the process tree from /proc (ppid, state, command line, signal masks).</summary>
public static class ProcessTree
{
    public static IEnumerable<int> All() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(n => n is not null && n.All(char.IsAsciiDigit))
            .Select(n => int.Parse(n!));

    /// <summary>(ppid, state letter) from /proc/pid/stat, or null when the pid is gone.</summary>
    public static (int Ppid, char State)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var close = text.LastIndexOf(')');
            var fields = text[(close + 2)..].Split(' ');
            return (int.Parse(fields[1]), fields[0][0]);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The session id (field 6 of /proc/pid/stat), or null when the pid is gone.</summary>
    public static int? SessionId(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(text[(text.LastIndexOf(')') + 2)..].Split(' ')[3]);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static IReadOnlyList<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var pid in All())
        {
            if (Stat(pid) is { } s)
            {
                if (!children.TryGetValue(s.Ppid, out var list))
                {
                    children[s.Ppid] = list = [];
                }
                list.Add(pid);
            }
        }
        var result = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.Count > 0)
        {
            var p = queue.Dequeue();
            if (children.TryGetValue(p, out var kids))
            {
                foreach (var k in kids)
                {
                    result.Add(k);
                    queue.Enqueue(k);
                }
            }
        }
        return result;
    }

    public static IReadOnlyList<string>? CommandLine(int pid)
    {
        try
        {
            var raw = File.ReadAllText($"/proc/{pid}/cmdline");
            return raw.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>A "Key:\tvalue" field of /proc/pid/status, e.g. SigBlk.</summary>
    public static string? StatusField(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key + ":", StringComparison.Ordinal))
                {
                    return line[(key.Length + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        return null;
    }

    public static int ZombiesUnder(int root) => Descendants(root).Count(p => Stat(p)?.State == 'Z');
}
