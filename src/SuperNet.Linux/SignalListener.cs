using System.Runtime.InteropServices;
using SuperNet.Core.Os;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// Delivers TERM, INT, QUIT, HUP, USR1 and USR2 to a callback (on the runtime's signal thread) and
/// cancels their default action. Never SIGCHLD: registering it lets the runtime steal exit statuses.
/// </summary>
public sealed unsafe class SignalListener : IDisposable
{
    private static readonly int[] Handled = [Signals.TERM, Signals.INT, Signals.QUIT, Signals.HUP, Signals.USR1, Signals.USR2];

    private readonly List<PosixSignalRegistration> _registrations = [];

    /// <param name="onSignal">Receives the raw signal number (15 for SIGTERM); must only post.</param>
    public SignalListener(Action<int> onSignal)
    {
        foreach (var signal in Handled)
        {
            // An inherited SIG_IGN (a job started with & gets INT and QUIT ignored) turns the
            // runtime's registration into a silent no-op (linux-process-notes §5).
            ResetIgnored(signal);
            _registrations.Add(PosixSignalRegistration.Create(ToPosixSignal(signal), context =>
            {
                context.Cancel = true;
                onSignal(ToNumber(context.Signal));
            }));
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _registrations.Clear();
    }

    private static void ResetIgnored(int signal)
    {
        var action = stackalloc byte[Consts.SigActionSize];
        new Span<byte>(action, Consts.SigActionSize).Clear();
        if (Libc.SigAction(signal, null, action) == 0 && *(nint*)action == Consts.SIG_IGN)
        {
            new Span<byte>(action, Consts.SigActionSize).Clear();
            Libc.SigAction(signal, action, null);
        }
    }

    // The runtime names the portable signals with negative values and passes others as raw numbers.
    private static PosixSignal ToPosixSignal(int signal) => signal switch
    {
        Signals.HUP => PosixSignal.SIGHUP,
        Signals.INT => PosixSignal.SIGINT,
        Signals.QUIT => PosixSignal.SIGQUIT,
        Signals.TERM => PosixSignal.SIGTERM,
        _ => (PosixSignal)signal,
    };

    private static int ToNumber(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => Signals.HUP,
        PosixSignal.SIGINT => Signals.INT,
        PosixSignal.SIGQUIT => Signals.QUIT,
        PosixSignal.SIGTERM => Signals.TERM,
        _ => (int)signal,
    };
}
