using SuperNet.Linux.Tests.Support;

namespace SuperNet.Linux.Tests;

public sealed class ReaperTests
{
    [Fact]
    public async Task OrphansOfAnExitedChildAreReapedByTheSubreaper()
    {
        Assert.True(TestPlatform.Platform.Reaper.IsSubreaper);
        var child = TestPlatform.Spawn(TestPlatform.Helper("orphans", "5", "0.5"));
        var line = (await child.Stdout.WaitFor("\n")).Split('\n')[0];
        var orphans = line.Split(' ').Skip(1).Select(int.Parse).ToArray();
        Assert.Equal(5, orphans.Length);
        Assert.Equal(0, (await child.Exit).ExitStatus);

        foreach (var pid in orphans)
        {
            var status = await TestPlatform.ExitOf(pid);
            Assert.Equal("exit status 0", status.Describe());
        }
        // Collected, not left as zombies: the pids are gone from /proc.
        foreach (var pid in orphans)
        {
            Assert.False(IsZombie(pid), $"orphan {pid} is a zombie");
        }
        await Wait.UntilAsync(() => !ZombieChildren().Any(), "no zombie children");
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] == 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static IEnumerable<int> ZombieChildren()
    {
        var self = Environment.ProcessId.ToString();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] == "Z" && fields[1] == self)
            {
                yield return pid;
            }
        }
    }
}
