using SuperNet.Core.Supervision;
using SuperNet.Rpc.Backend;

namespace SuperNet.Rpc.Methods;

/// <summary>Namespec resolution against a snapshot (contract §2.1); the syntax is Core's <see cref="Namespec"/>.</summary>
internal static class Names
{
    /// <summary>Finds the group and (unless the spec names a whole group) the process; BAD_NAME otherwise.</summary>
    public static (GroupSnapshot Group, ProcessSnapshot? Process) Resolve(SupervisorSnapshot snapshot, string namespec)
    {
        var (groupName, processName) = Namespec.Split(namespec);
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
