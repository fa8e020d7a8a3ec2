namespace SuperNet.Linux.Tests;

public class KernelRandomTests
{
    [Fact]
    public void FillsLargeBuffersCompletelyAndNeverRepeats()
    {
        var random = new KernelRandom();
        var first = new byte[1 << 20];
        var second = new byte[1 << 20];
        random.Fill(first);
        random.Fill(second);

        // A megabyte from the kernel holds every byte value; a short read would leave a zero tail.
        Assert.Equal(256, first.Distinct().Count());
        Assert.NotEqual(new byte[64], first[^64..]);
        Assert.False(first.AsSpan().SequenceEqual(second));
    }
}
