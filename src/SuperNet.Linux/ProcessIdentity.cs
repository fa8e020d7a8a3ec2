using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>The daemon's own pid and ids (Environment.ProcessId exists; uid/gid do not in .NET).</summary>
public static class ProcessIdentity
{
    public static int Pid => Libc.GetPid();
    public static int Uid => (int)Libc.GetUid();
}
