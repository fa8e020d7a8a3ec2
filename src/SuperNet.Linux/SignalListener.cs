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
        // All resets come before the first registration: that one initializes the runtime's signal
        // layer, which records SIGINT/SIGQUIT as "handled" without a handler if they are SIG_IGN then.
        var wasIgnored = Handled.Where(ResetIgnored).ToList();
        foreach (var signal in Handled)
        {
            _registrations.Add(PosixSignalRegistration.Create(ToPosixSignal(signal), context =>
            {
                context.Cancel = true;
                onSignal(ToNumber(context.Signal));
            }));
        }
        foreach (var signal in wasIgnored.Where(s => !IsCaught(s)))
        {
            // Too late (the runtime's signal layer started earlier): keep ignoring rather than die.
            SetDisposition(signal, Consts.SIG_IGN);
            StillIgnored.Add(signal);
        }
        UnblockHandled();
    }

    /// <summary>
    /// As PID 1 supernetd blocks these before its runtime starts (Native/pid1signals.c), so that one sent then waits
    /// instead of being dropped; with every handler registered, they are unblocked on this thread (Main's, which lives
    /// as long as the daemon), and one pending is delivered now. Elsewhere nothing was blocked and this changes nothing.
    /// </summary>
    private static void UnblockHandled()
    {
        var set = stackalloc byte[Consts.SigSetSize];
        Libc.SigEmptySet(set);
        foreach (var signal in Handled)
        {
            Libc.SigAddSet(set, signal);
        }
        Libc.SigProcMask(Consts.SIG_UNBLOCK, set, null);
    }

    /// <summary>
    /// Signals that stay ignored because the runtime's signal layer was initialized (by Console,
    /// Process or another registration) before this listener while they were inherited as SIG_IGN.
    /// Create the listener early in Main to keep this empty.
    /// </summary>
    public List<int> StillIgnored { get; } = [];

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _registrations.Clear();
    }

    /// <summary>Sets an inherited SIG_IGN back to SIG_DFL; returns whether it was ignored.</summary>
    private static bool ResetIgnored(int signal)
    {
        var action = stackalloc byte[Consts.SigActionSize];
        new Span<byte>(action, Consts.SigActionSize).Clear();
        if (Libc.SigAction(signal, null, action) != 0 || *(nint*)action != Consts.SIG_IGN)
        {
            return false;
        }
        SetDisposition(signal, Consts.SIG_DFL);
        return true;
    }

    private static void SetDisposition(int signal, nint handler)
    {
        var action = stackalloc byte[Consts.SigActionSize];
        new Span<byte>(action, Consts.SigActionSize).Clear();
        *(nint*)action = handler;
        Libc.SigAction(signal, action, null);
    }

    private static bool IsCaught(int signal)
    {
        var action = stackalloc byte[Consts.SigActionSize];
        new Span<byte>(action, Consts.SigActionSize).Clear();
        return Libc.SigAction(signal, null, action) == 0 && *(nint*)action is not (Consts.SIG_DFL or Consts.SIG_IGN);
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
