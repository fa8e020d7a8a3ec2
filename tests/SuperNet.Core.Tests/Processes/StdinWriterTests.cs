using System.IO.Pipes;
using SuperNet.Core.Tests.Supervision;
using SuperNet.Core.Processes;

namespace SuperNet.Core.Tests.Processes;

public sealed class StdinWriterTests
{
    [Fact]
    public async Task Children_that_stop_reading_hold_no_thread_pool_thread()
    {
        // 64 listeners that never read, each sent more than a pipe holds: a write blocked in write(2) per child
        // would take 64 pool threads, and a work item queued after them would wait for the pool to grow that far.
        var pipes = Enumerable.Range(0, 64).Select(_ => new AnonymousPipeServerStream(PipeDirection.In)).ToList();
        List<StdinWriter> writers = [];
        try
        {
            var threadsBefore = ThreadPool.ThreadCount;
            writers = [.. pipes.Select(p => new StdinWriter(PipeEnds.Take(p)))];
            // From a thread of its own, as the supervisor thread writes: work it queues goes to the pool's global queue.
            var supervisor = new Thread(() =>
            {
                foreach (var writer in writers)
                {
                    writer.Write(new byte[256 * 1024]);
                }
            });
            supervisor.Start();
            supervisor.Join();
            var probe = new TaskCompletionSource();
            ThreadPool.UnsafeQueueUserWorkItem(static p => p.SetResult(), probe, preferLocal: false);
            await probe.Task.WaitAsync(TimeSpan.FromSeconds(10));
            // The pool may have grown for other tests running alongside, never by a thread per stuck child.
            Assert.True(ThreadPool.ThreadCount < threadsBefore + pipes.Count / 2,
                $"{ThreadPool.ThreadCount - threadsBefore} pool threads were added while 64 children did not read");

            // The queued bytes still arrive, in order, once the child reads.
            writers[0].Write("tail"u8.ToArray());
            var received = new byte[256 * 1024 + 4];
            await pipes[0].ReadExactlyAsync(received).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("tail"u8.ToArray(), received[^4..]);
        }
        finally
        {
            foreach (var writer in writers)
            {
                writer.Close();
            }
            foreach (var pipe in pipes)
            {
                pipe.Dispose();
            }
        }
    }
}
