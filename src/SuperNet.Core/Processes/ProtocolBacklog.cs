using SuperNet.Core.Os;

namespace SuperNet.Core.Processes;

/// <summary>
/// The bytes a listener wrote that the pump has handed to the supervisor thread and the protocol has not read yet.
/// The pump reads a pipe faster than the supervisor thread gets through its mailbox when that thread has much else
/// to do (with 4000 programs configured, each message costs it more than the read costs the pump): a listener writing
/// without end (garbage, a RESULT body that never ends) filled the mailbox with copies of its output, hundreds of
/// MiB for 1 GiB of garbage. Past <see cref="Limit"/> its pipe is not read until the protocol has caught up,
/// so the listener waits on its own pipe and nothing it wrote is lost.
/// </summary>
internal sealed class ProtocolBacklog : IOutputRoom
{
    /// <summary>Eight pipe reads: enough that a listener answering at its own pace never waits on it.</summary>
    internal const int Limit = 1024 * 1024;

    private readonly Lock gate = new();
    private long pending;
    private Action? resume;

    /// <summary>The pump handed <paramref name="count"/> bytes to the supervisor thread.</summary>
    public void Handed(int count)
    {
        lock (gate)
        {
            pending += count;
        }
    }

    /// <summary>The supervisor thread took <paramref name="count"/> bytes: the pipe is read again once half the limit is free.</summary>
    public void Taken(int count)
    {
        Action? due = null;
        lock (gate)
        {
            pending -= count;
            if (resume is not null && pending <= Limit / 2)
            {
                (due, resume) = (resume, null);
            }
        }
        due?.Invoke();
    }

    public bool WaitForRoom(Action resume)
    {
        lock (gate)
        {
            if (pending < Limit)
            {
                return false;
            }
            this.resume = resume;
            return true;
        }
    }
}
