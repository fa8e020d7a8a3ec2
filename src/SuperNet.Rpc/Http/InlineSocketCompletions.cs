namespace SuperNet.Rpc.Http;

/// <summary>
/// Runs socket continuations on the runtime's epoll thread instead of handing each one to the thread pool. A call
/// on a new connection is a few short steps (accept, read, answer, see the close); as pool work items each step was
/// a thread wake-up, and the wake-ups and the pool's spinning cost several times the call itself (perf:
/// scheduler time dominated getState). The runtime reads its switch, DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS,
/// once, when the first socket registers with it; the variable is set only around that moment so no child process
/// inherits it. A no-op when sockets were already in use (their mode stays).
/// </summary>
internal static class InlineSocketCompletions
{
    private const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Runs register (which must start the process's first asynchronous socket operation) in inline mode.</summary>
    public static void Around(Action register)
    {
        var before = Environment.GetEnvironmentVariable(Variable);
        Environment.SetEnvironmentVariable(Variable, "1");
        try
        {
            register();
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, before);
        }
    }
}
