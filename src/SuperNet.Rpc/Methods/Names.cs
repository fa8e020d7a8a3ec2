using SuperNet.Core.Supervision;

namespace SuperNet.Rpc.Methods;

/// <summary>Namespec resolution against the published view (contract §2.1); the syntax is Core's <see cref="Namespec"/>.</summary>
internal static class Names
{
    /// <summary>Finds the group and (unless the spec names a whole group) the process; BAD_NAME otherwise.</summary>
    public static (GroupView Group, ProcessView? Process) Resolve(SupervisorView view, string namespec)
    {
        var (groupName, processName) = Namespec.Split(namespec);
        var group = view.FindGroup(groupName) ?? throw new RpcFaultException(Fault.BadName, namespec);
        if (processName is null)
        {
            return (group, null);
        }
        var process = group.FindProcess(processName) ?? throw new RpcFaultException(Fault.BadName, namespec);
        return (group, process);
    }

    /// <summary>A single process; a whole-group spec is BAD_NAME too.</summary>
    public static ProcessView ResolveProcess(SupervisorView view, string namespec) =>
        Resolve(view, namespec).Process ?? throw new RpcFaultException(Fault.BadName, namespec);
}
