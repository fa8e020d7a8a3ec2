using System.Runtime.InteropServices;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// While a sentinel starts after a warning (ADR 0009) the reaper waits in poll() for the sentinel's ready byte, not
/// in waitid, so no child's exit would wake it. This thread peeks for it (waitid with WNOWAIT: it collects nothing,
/// the reaper still collects under the registry lock) and rings an eventfd that the poll watches too, so a child
/// that exits in that window is reaped at once. Armed for each wait; after a ring it waits to be armed again, since
/// the zombie it saw stays one until the reaper collects it and a second peek would return at once. Made only after
/// a warning, at PID 1: otherwise nothing of it exists. Once made, its thread stays (parked, it never wakes), and a
/// container's pid limit counts it.
/// </summary>
internal sealed unsafe class ReaperDoorbell
{
    private readonly object _gate = new();
    private bool _armed;
    private Thread? _thread;

    private ReaperDoorbell(int fd) => Fd = fd;

    /// <summary>Readable once a child has exited since <see cref="Arm"/>.</summary>
    public int Fd { get; }

    /// <summary>Null when no eventfd can be had (EMFILE): the reaper's wait then ends with its timeout alone, as before.</summary>
    public static ReaperDoorbell? Create()
    {
        var fd = Libc.EventFd(0, Consts.EFD_CLOEXEC | Consts.EFD_NONBLOCK);
        return fd < 0 ? null : new ReaperDoorbell(fd);
    }

    /// <summary>Clears an earlier ring and peeks for the next exit (or a zombie not yet collected: a ring at once).</summary>
    public void Arm()
    {
        ulong rung;
        Libc.Read(Fd, (byte*)&rung, sizeof(ulong));
        lock (_gate)
        {
            _armed = true;
            Monitor.Pulse(_gate);
        }
        if (_thread is null)
        {
            var thread = new Thread(Run) { IsBackground = true, Name = "supernet-reaper-doorbell" };
            try
            {
                thread.Start();
                _thread = thread;
            }
            catch (Exception e) when (e is OutOfMemoryException or ThreadStartException)
            {
                // No thread to be had (a pids limit: likely the very trouble the sentinel has): this wait ends with
                // its timeout, as it did without a doorbell, and the next one tries again.
            }
        }
    }

    private void Run()
    {
        var info = stackalloc byte[Consts.SigInfoSize];
        while (true)
        {
            lock (_gate)
            {
                while (!_armed)
                {
                    Monitor.Wait(_gate);
                }
            }
            var failed = Libc.WaitId(Consts.P_ALL, 0, info, Consts.WEXITED | Consts.WNOWAIT) != 0;
            if (failed && Marshal.GetLastPInvokeError() == ErrnoNames.EINTR)
            {
                continue;
            }
            lock (_gate)
            {
                _armed = false;
            }
            // No child at all (ECHILD) rings nothing: the reaper's own waitid says so, and a ring would only
            // bring it back here at once.
            if (!failed)
            {
                ulong one = 1;
                Libc.Write(Fd, (byte*)&one, sizeof(ulong));
            }
        }
    }
}
