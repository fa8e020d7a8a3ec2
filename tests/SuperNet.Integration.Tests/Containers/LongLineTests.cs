using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>
/// A line longer than 64 KiB to supernetd's stdout behind a log_prefix: it goes out in pieces of at most 64 KiB of
/// the program's bytes, each behind the prefix, and the pieces put together are the line. A piece was cut only once
/// the held part reached 64 KiB, so it took the whole read that got it there (up to 128 KiB more), and a line an
/// earlier read began went out with all of the read that ended it.
/// </summary>
public sealed class LongLineTests
{
    private const int Limit = 64 * 1024;

    [Fact]
    public void A_line_past_64_KiB_goes_out_in_prefixed_pieces_of_at_most_64_KiB_that_make_up_the_line()
    {
        // One line in a single write; one begun by a write of 60 000 bytes and ended by a write of 200 000.
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:long]
            command=/usr/bin/python3 -c "import os, time; os.write(1, b'a' * 300000 + b'\n'); time.sleep(0.05); os.write(1, b'b' * 60000); time.sleep(0.05); os.write(1, b'c' * 200000 + b'\nend\n')"
            startsecs=0
            autorestart=false
            stdout_logfile=/dev/stdout
            stdout_logfile_maxbytes=0
            log_prefix=long |
            """);
        run.WaitForLog("exited: long ");
        Wait.Until(() => run.Stdout.Contains("long | end\n", StringComparison.Ordinal), "the program's last line on stdout");
        var pieces = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("long | ", StringComparison.Ordinal)).Select(l => l["long | ".Length..]).ToList();
        Assert.All(pieces, p => Assert.True(p.Length <= Limit, $"a piece of {p.Length} bytes"));
        Assert.Equal(new string('a', 300000) + new string('b', 60000) + new string('c', 200000) + "end", string.Concat(pieces));
    }
}
