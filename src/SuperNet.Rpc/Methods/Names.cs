using SuperNet.Rpc.Backend;

namespace SuperNet.Rpc.Methods;

/// <summary>Namespec handling (contract §2.1).</summary>
internal static class Names
{
    /// <summary>"g:p" -> (g, p); "g:*" and "g:" -> (g, null); a bare "foo" -> (foo, foo).</summary>
    public static (string Group, string? Process) Split(string namespec)
    {
        var colon = namespec.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (namespec, namespec);
        }
        var process = namespec[(colon + 1)..];
        return (namespec[..colon], process is "" or "*" ? null : process);
    }

    /// <summary>The display form: the bare name when group and process share it.</summary>
    public static string Make(string group, string process) => group == process ? process : $"{group}:{process}";

    /// <summary>Finds the group and (unless the spec names a whole group) the process; BAD_NAME otherwise.</summary>
    public static (GroupSnapshot Group, ProcessSnapshot? Process) Resolve(SupervisorSnapshot snapshot, string namespec)
    {
        var (groupName, processName) = Split(namespec);
        var group = snapshot.FindGroup(groupName) ?? throw new RpcFaultException(Faults.BadName, namespec);
        if (processName is null)
        {
            return (group, null);
        }
        var process = group.FindProcess(processName) ?? throw new RpcFaultException(Faults.BadName, namespec);
        return (group, process);
    }

    /// <summary>A single process; a whole-group spec is BAD_NAME too.</summary>
    public static ProcessSnapshot ResolveProcess(SupervisorSnapshot snapshot, string namespec) =>
        Resolve(snapshot, namespec).Process ?? throw new RpcFaultException(Faults.BadName, namespec);

    public static ProcessKey Key(ProcessSnapshot p) => new(p.Group, p.Name);
}
