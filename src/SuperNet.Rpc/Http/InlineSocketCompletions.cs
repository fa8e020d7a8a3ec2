namespace SuperNet.Rpc.Http;

/// <summary>
/// Runs socket continuations on the runtime's epoll thread instead of handing each one to the thread pool, and keeps
/// that to one thread. A call on a new connection is a few short steps (accept, read, answer, see the close); as pool
/// work items each step was a thread wake-up, and the wake-ups and the pool's spinning cost several times the call
/// itself (perf: scheduler time dominated getState). With inline completions the runtime makes one epoll thread per
/// CPU and deals sockets out among them, so an accepted connection usually lived on another thread than its listener:
/// both threads slept and woke on every call (with this and HttpConnection's plain close, getState's daemon CPU per
/// call went from 0.31x to 0.21x of supervisord's; docs/performance.md). One thread is also supervisord's model; a
/// long answer moves to the pool.
/// The runtime reads both switches, DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS and _THREAD_COUNT, once, when the
/// process's first socket is made (strace: its epoll instance is created before that socket()); they are set only
/// around the server's start so no child process inherits them. No effect when sockets were made before.
/// </summary>
internal static class InlineSocketCompletions
{
    private static readonly (string Name, string Value)[] Switches =
    [
        ("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1"),
        ("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT", "1"),
    ];

    /// <summary>Runs start, which makes the listening sockets, with the switches on.</summary>
    public static void Around(Action start)
    {
        var before = Array.ConvertAll(Switches, s => Environment.GetEnvironmentVariable(s.Name));
        foreach (var (name, value) in Switches)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        try
        {
            start();
        }
        finally
        {
            for (var i = 0; i < Switches.Length; i++)
            {
                Environment.SetEnvironmentVariable(Switches[i].Name, before[i]);
            }
        }
    }
}
