using System.Runtime.InteropServices;

namespace SuperNet.Ctl.Cli;

/// <summary>
/// One SIGINT registration for the whole process; Ctrl-C runs the innermost handler pushed (a log
/// stream stops, fg leaves, the shell exits). With no handler pushed Ctrl-C keeps its default effect.
/// </summary>
internal static class Interrupts
{
    private static readonly Stack<Action> Handlers = new();
    private static PosixSignalRegistration? registration;

    public static IDisposable Push(Action handler)
    {
        lock (Handlers)
        {
            registration ??= PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            Handlers.Push(handler);
        }

        return new Popper();
    }

    private static void OnSignal(PosixSignalContext context)
    {
        Action? handler;
        lock (Handlers)
        {
            Handlers.TryPeek(out handler);
        }

        if (handler is null)
        {
            return;
        }

        context.Cancel = true;
        handler();
    }

    private sealed class Popper : IDisposable
    {
        private bool done;

        public void Dispose()
        {
            if (done)
            {
                return;
            }

            done = true;
            lock (Handlers)
            {
                Handlers.Pop();
            }
        }
    }
}
