using SuperNet.Core.Os;
using SuperNet.Linux.Native;
using SuperNet.Linux.Tests.Support;

namespace SuperNet.Linux.Tests;

/// <summary>What a child inherits: only fds 0-2, no blocked or ignored signals, its own process group.</summary>
public sealed class ChildStateTests
{
    [Fact]
    public async Task DirectChildIsClean() => await AssertClean(TestPlatform.Request("/bin/sleep", "sleep", "30"));

    [Fact]
    public async Task ExecHelperChildIsClean() =>
        await AssertClean(TestPlatform.Request("/bin/sleep", "sleep", "30") with { Umask = Convert.ToInt32("022", 8) });

    [Fact]
    public async Task DescriptorWithoutCloseOnExecIsNotInherited() =>
        await WithInheritableDescriptor(() => AssertClean(TestPlatform.Request("/bin/sleep", "sleep", "30")));

    [Fact]
    public async Task DescriptorWithoutCloseOnExecIsNotInheritedThroughTheHelper() =>
        await WithInheritableDescriptor(() =>
            AssertClean(TestPlatform.Request("/bin/sleep", "sleep", "30") with { Umask = Convert.ToInt32("022", 8) }));

    /// <summary>A descriptor of this process without FD_CLOEXEC (as one inherited at start-up is) while spawning.</summary>
    private static async Task WithInheritableDescriptor(Func<Task> spawn)
    {
        using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Read);
        var inheritable = Libc.Fcntl((int)devNull.DangerousGetHandle(), F_DUPFD, 3);
        Assert.True(inheritable >= 3);
        try
        {
            Assert.Equal(0, Libc.Fcntl(inheritable, F_GETFD, 0) & Consts.FD_CLOEXEC);
            await spawn();
        }
        finally
        {
            Libc.Close(inheritable);
        }
    }

    private const int F_DUPFD = 0;
    private const int F_GETFD = 1;

    private static async Task AssertClean(SpawnRequest request)
    {
        var child = TestPlatform.Spawn(request);
        await Wait.UntilAsync(() => ReadOrEmpty($"/proc/{child.Pid}/comm").Trim() == "sleep", "exec of sleep");

        // The dynamic loader briefly holds libraries open after exec; a leaked fd never goes away.
        await Wait.UntilAsync(() => OpenFds(child.Pid) == "0,1,2", "fds 0,1,2 only");
        Assert.Matches("^0+$", child.StatusField("SigBlk"));
        var ignored = Convert.ToUInt64(child.StatusField("SigIgn"), 16);
        Assert.Equal(0UL, ignored & (1UL << (Signals.PIPE - 1)));
        Assert.Equal(0UL, ignored & 0x7fffffffUL); // only glibc's internal 32/33 may remain
        var stat = File.ReadAllText($"/proc/{child.Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        Assert.Equal(child.Pid.ToString(), fields[2]); // pgrp

        Assert.Equal(0, child.Signal(Signals.TERM));
        var status = await child.Exit;
        Assert.True(status.Signaled);
        Assert.Equal(Signals.TERM, status.TermSignal);
    }

    private static string OpenFds(int pid) =>
        string.Join(',', Directory.GetFileSystemEntries($"/proc/{pid}/fd").Select(p => int.Parse(Path.GetFileName(p))).Order());

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }
}
