namespace SuperNet.Rpc.Http;

/// <summary>
/// Runs socket continuations on the runtime's epoll thread instead of handing each one to the thread pool. A call
/// on a new connection is a few short steps (accept, read, answer, see the close); as pool work items each step was
/// a thread wake-up, and the wake-ups and the pool's spinning cost several times the call itself (perf:
/// scheduler time dominated getState). The runtime reads its switch, DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS,
/// once, when the process's first socket is made (strace: its epoll instance is created before that socket()); the
/// variable is set only around the server's start so no child process inherits it. No effect when sockets were made
/// before (their mode stays).
/// </summary>
internal static class InlineSocketCompletions
{
    private const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Runs start, which makes the listening sockets, with the switch on.</summary>
    public static void Around(Action start)
    {
        var before = Environment.GetEnvironmentVariable(Variable);
        Environment.SetEnvironmentVariable(Variable, "1");
        try
        {
            start();
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, before);
        }
    }
}
