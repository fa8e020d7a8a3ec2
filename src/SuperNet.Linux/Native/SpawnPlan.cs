using System.Runtime.InteropServices;

namespace SuperNet.Linux.Native;

/// <summary>
/// posix_spawn attributes and file actions for one spawn. Every child gets an empty signal mask and
/// default dispositions for every signal (.NET ignores SIGPIPE; children must not inherit that).
/// </summary>
internal sealed unsafe class SpawnPlan : IDisposable
{
    private byte* _memory;
    private void* Attr => _memory;
    private void* Actions => _memory + Consts.SpawnAttrSize;
    private void* SigSet => _memory + Consts.SpawnAttrSize + Consts.FileActionsSize;

    public SpawnPlan(short flags, int processGroup = 0)
    {
        _memory = (byte*)NativeMemory.AllocZeroed((nuint)(Consts.SpawnAttrSize + Consts.FileActionsSize + Consts.SigSetSize));
        Check(Libc.SpawnAttrInit(Attr));
        Check(Libc.FileActionsInit(Actions));
        Check(Libc.SpawnAttrSetFlags(Attr,
            (short)(flags | Consts.POSIX_SPAWN_SETSIGMASK | Consts.POSIX_SPAWN_SETSIGDEF)));
        Libc.SigEmptySet(SigSet);
        Check(Libc.SpawnAttrSetSigMask(Attr, SigSet));
        Libc.SigFillSet(SigSet);
        Check(Libc.SpawnAttrSetSigDefault(Attr, SigSet));
        if ((flags & Consts.POSIX_SPAWN_SETPGROUP) != 0)
        {
            Check(Libc.SpawnAttrSetPgroup(Attr, processGroup));
        }
    }

    public void Dup2(int fd, int target) => Check(Libc.FileActionsAddDup2(Actions, fd, target));

    public void Open(int fd, string path, int flags)
    {
        fixed (byte* p = Utf8Z.Of(path))
        {
            Check(Libc.FileActionsAddOpen(Actions, fd, p, flags, 0));
        }
    }

    public void Chdir(string directory)
    {
        fixed (byte* p = Utf8Z.Of(directory))
        {
            Check(Libc.FileActionsAddChdir(Actions, p));
        }
    }

    public void CloseFrom(int fd) => Check(Libc.FileActionsAddCloseFrom(Actions, fd));

    /// <summary>
    /// Closes every inherited descriptor from 3 up, except <paramref name="kept"/> (a readiness fd:N), which
    /// is dup2'd from <paramref name="source"/> first. glibc ignores closing a descriptor that is not open.
    /// </summary>
    public void CloseFromKeeping(int source, int kept)
    {
        Dup2(source, kept);
        for (var fd = 3; fd < kept; fd++)
        {
            Check(Libc.FileActionsAddClose(Actions, fd));
        }
        CloseFrom(kept + 1);
    }

    /// <summary>Returns 0 with the pid, or the error number (exec and chdir errors come back here).</summary>
    public int Spawn(string path, NativeStringArray argv, NativeStringArray environment, out int pid)
    {
        int child;
        int result;
        fixed (byte* p = Utf8Z.Of(path))
        {
            result = Libc.PosixSpawn(&child, p, Actions, Attr, argv.Pointer, environment.Pointer);
        }
        pid = result == 0 ? child : 0;
        return result;
    }

    public void Dispose()
    {
        if (_memory is not null)
        {
            Libc.FileActionsDestroy(Actions);
            Libc.SpawnAttrDestroy(Attr);
            NativeMemory.Free(_memory);
            _memory = null;
        }
    }

    private static void Check(int result)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"posix_spawn setup failed: {ErrnoNames.Name(result)}");
        }
    }
}
