using System.Text;
using SuperNet.Linux.Tests.Support;

namespace SuperNet.Linux.Tests;

public sealed class OutputCaptureTests
{
    [Fact]
    public async Task StdoutAndStderrArriveOnTheirOwnPipes()
    {
        var child = TestPlatform.Spawn(TestPlatform.Helper("echo-both", "to stdout", "to stderr"));
        Assert.Equal("to stdout\n", await child.Stdout.ReadToEnd());
        Assert.Equal("to stderr\n", await child.Stderr!.ReadToEnd());
        Assert.Equal(0, (await child.Exit).ExitStatus);
    }

    [Fact]
    public async Task RedirectStderrSendsBothIntoStdout()
    {
        var child = TestPlatform.Spawn(TestPlatform.Shell("echo out; echo err >&2") with { RedirectStderr = true });
        Assert.Null(child.Stderr);
        Assert.Equal("out\nerr\n", await child.Stdout.ReadToEnd());
    }

    [Fact]
    public async Task LargeOutputArrivesCompleteAndInOrder()
    {
        const int total = 3_000_000;
        var child = TestPlatform.Spawn(TestPlatform.Helper("spew", total.ToString(), "65536"));
        var bytes = await child.Stdout.ReadAllBytes();
        Assert.Equal(total, bytes.Length);
        for (var i = 0; i < total; i++)
        {
            if (bytes[i] != (byte)(i % 251))
            {
                Assert.Fail($"byte {i} is {bytes[i]}, expected {i % 251}");
            }
        }
        Assert.Equal(0, (await child.Exit).ExitStatus);
    }

    [Fact]
    public async Task ManyChattyChildrenShareThePump()
    {
        var children = Enumerable.Range(0, 20)
            .Select(i => TestPlatform.Spawn(TestPlatform.Shell($"for n in 1 2 3 4 5; do echo child{i}-line$n; done")))
            .ToList();
        for (var i = 0; i < children.Count; i++)
        {
            var expected = string.Concat(Enumerable.Range(1, 5).Select(n => $"child{i}-line{n}\n"));
            Assert.Equal(expected, await children[i].Stdout.ReadToEnd());
        }
    }

    [Fact]
    public async Task StdinIsAPipeFromTheParent()
    {
        var child = TestPlatform.Spawn(TestPlatform.Shell("read line; echo \"got $line\"; readlink /proc/self/fd/0"));
        using (var stdin = new FileStream(child.Stdin, FileAccess.Write))
        {
            stdin.Write(Encoding.UTF8.GetBytes("hello\n"));
        }
        var output = await child.Stdout.ReadToEnd();
        Assert.StartsWith("got hello\npipe:[", output);
    }
}
