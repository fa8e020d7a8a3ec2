using SuperNet.Core.Config;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// user= for a child (in the exec helper) and for supernetd itself ([supervisord] user, -u): glibc applies
/// set*id to every thread, so this is safe in a multi-threaded .NET process.
/// </summary>
public static unsafe class Privileges
{
    /// <summary>
    /// setgroups(primary gid + groups listing the user) -> setgid -> setuid, with supervisord's
    /// messages. A setuid failure has no message upstream (only the "not spawned" line).
    /// </summary>
    public static bool Drop(UserSpec user, out string? reason)
    {
        reason = null;
        var current = Libc.GetUid();
        if (current == (uint)user.Uid)
        {
            return true;
        }
        if (current != 0)
        {
            reason = "Can't drop privilege as nonroot user";
            return false;
        }
        var groups = GroupsOf(user);
        fixed (uint* list = groups)
        {
            if (Libc.SetGroups((nuint)groups.Length, list) != 0)
            {
                reason = "Could not set groups of effective user";
                return false;
            }
        }
        if (Libc.SetGid((uint)user.Gid) != 0)
        {
            reason = "Could not set group id of effective user";
            return false;
        }
        return Libc.SetUid((uint)user.Uid) == 0;
    }

    private static uint[] GroupsOf(UserSpec user)
    {
        var count = 64;
        fixed (byte* name = Utf8Z.Of(user.Name))
        {
            while (true)
            {
                var groups = new uint[count];
                var found = count;
                fixed (uint* list = groups)
                {
                    if (Libc.GetGroupList(name, (uint)user.Gid, list, &found) >= 0)
                    {
                        // getgrouplist puts the primary gid first, as supervisord does.
                        return groups.AsSpan(0, found).ToArray();
                    }
                }
                if (found <= count)
                {
                    return [(uint)user.Gid];
                }
                count = found;
            }
        }
    }

}
