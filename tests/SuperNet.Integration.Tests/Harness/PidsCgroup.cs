namespace SuperNet.Integration.Tests.Harness;

/// <summary>
/// A cgroup of its own with the pids controller (cgroup v1's pids hierarchy, or v2's unified one), as a container's
/// --pids-limit makes: what runs in it gets no more processes and threads than <see cref="Max"/>. Removed on Dispose,
/// after killing whatever still runs in it; on cgroup v2, pids is disabled again at the root if this enabled it there.
/// </summary>
public sealed class PidsCgroup : IDisposable
{
    private const string V1 = "/sys/fs/cgroup/pids";
    private const string V2 = "/sys/fs/cgroup";

    private readonly bool _enabledPidsAtRoot;

    public PidsCgroup()
    {
        var name = "supernet-test-" + Guid.NewGuid().ToString("N")[..10];
        if (Directory.Exists(V1) && File.Exists(Path.Combine(V1, "cgroup.procs")))
        {
            Root = Path.Combine(V1, name);
        }
        else if (Words(Path.Combine(V2, "cgroup.controllers")).Contains("pids"))
        {
            // Untried: this project's machines have cgroup v1. A v2 controller reaches a cgroup only through its
            // parent's subtree_control; systemd's root delegates pids already, and then nothing outside the test's
            // own cgroup changes. Otherwise it is enabled for the test and disabled again on Dispose.
            if (!Words(Path.Combine(V2, "cgroup.subtree_control")).Contains("pids"))
            {
                File.WriteAllText(Path.Combine(V2, "cgroup.subtree_control"), "+pids");
                _enabledPidsAtRoot = true;
            }
            Root = Path.Combine(V2, name);
        }
        else
        {
            throw new InvalidOperationException("no cgroup pids controller under /sys/fs/cgroup (needs root and cgroup v1's pids hierarchy or v2 with pids)");
        }
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Where a process writes its pid to move into the cgroup (its later children start inside).</summary>
    public string Procs => Path.Combine(Root, "cgroup.procs");

    /// <summary>Processes and threads in it now.</summary>
    public int Current => int.Parse(File.ReadAllText(Path.Combine(Root, "pids.current")).Trim());

    /// <summary>The limit: a number, or "max".</summary>
    public string Max
    {
        set => File.WriteAllText(Path.Combine(Root, "pids.max"), value);
    }

    /// <summary>How many forks and thread creations the limit has refused so far.</summary>
    public int Refused => int.Parse(File.ReadLines(Path.Combine(Root, "pids.events"))
        .First(l => l.StartsWith("max ", StringComparison.Ordinal))[4..]);

    public void Dispose()
    {
        // A process that has just exited may still be counted for a moment. One still running (a test that failed
        // before its daemon was stopped, a program it left) is killed: a cgroup left behind would outlive the run.
        Wait.Until(() =>
        {
            try
            {
                foreach (var pid in File.ReadAllLines(Procs))
                {
                    Native.kill(int.Parse(pid), 9);
                }
                Directory.Delete(Root);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }, "the test cgroup " + Root + " to be empty and removed", TimeSpan.FromSeconds(30));
        if (_enabledPidsAtRoot)
        {
            // Refused (EBUSY) when a cgroup below has since enabled pids for its own children: that use is not ours to end.
            try
            {
                File.WriteAllText(Path.Combine(V2, "cgroup.subtree_control"), "-pids");
            }
            catch (IOException)
            {
            }
        }
    }

    private static string[] Words(string path) =>
        File.Exists(path) ? File.ReadAllText(path).Split(' ', '\n', StringSplitOptions.RemoveEmptyEntries) : [];
}
