using SuperNet.Core.Supervision;
using SuperNet.Ctl.Output;
using SuperNet.Ctl.Rpc;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Commands;

/// <summary>reread, update, add, remove and avail: the commands that act on the configuration.</summary>
internal static class ConfigCommands
{
    public static bool Reread(Controller ctl, string argument)
    {
        if (NoArguments(ctl, "reread", argument))
        {
            return false;
        }

        IReadOnlyList<XmlRpcValue> result;
        try
        {
            result = ctl.Client.Call("supervisor.reloadConfig").AsArray()[0].AsArray();
        }
        catch (RpcFaultException e) when (e.Code is Fault.ShutdownState or Fault.CantReread)
        {
            ctl.ExitStatus = ExitCodes.Generic;
            ctl.Say(e.Code == Fault.ShutdownState ? "ERROR: supervisor shutting down" : "ERROR: " + e.Message);
            return false;
        }
        catch (RpcFaultException)
        {
            ctl.ExitStatus = ExitCodes.Generic;
            throw;
        }

        var (added, changed, removed) = (Names(result[0]), Names(result[1]), Names(result[2]));
        if (ctl.Settings.Json)
        {
            ctl.JsonResult = ChangesStruct(added, changed, removed);
            return false;
        }

        // Later kinds win for a name listed twice, as a dict update would.
        var changes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in added)
        {
            changes[name] = "available";
        }

        foreach (var name in changed)
        {
            changes[name] = "changed";
        }

        foreach (var name in removed)
        {
            changes[name] = "disappeared";
        }

        if (changes.Count == 0)
        {
            ctl.Out.WriteLine("No config updates to processes");
        }

        foreach (var (name, kind) in changes)
        {
            ctl.Out.WriteLine($"{name}: {kind}");
        }

        return false;
    }

    public static bool Update(Controller ctl, string argument)
    {
        IReadOnlyList<XmlRpcValue> result;
        try
        {
            result = ctl.Client.Call("supervisor.reloadConfig").AsArray()[0].AsArray();
        }
        catch (RpcFaultException e)
        {
            ctl.ExitStatus = ExitCodes.Generic;
            if (e.Code != Fault.ShutdownState)
            {
                throw;
            }

            ctl.Say("ERROR: already shutting down");
            return false;
        }

        var (added, changed, removed) = (Names(result[0]), Names(result[1]), Names(result[2]));
        var wanted = new HashSet<string>(Words.Split(argument), StringComparer.Ordinal);
        if (wanted.Contains("all"))
        {
            wanted.Clear();
        }

        if (wanted.Count > 0)
        {
            var groups = new HashSet<string>(ctl.Client.CallList("supervisor.getAllProcessInfo").Select(i => i.Str("group")), StringComparer.Ordinal);
            groups.UnionWith(added);
            foreach (var name in wanted.Where(n => !groups.Contains(n)))
            {
                ctl.Say("ERROR: no such group: " + name);
                ctl.ExitStatus = ExitCodes.Generic;
            }
        }

        bool Selected(string group) => wanted.Count == 0 || wanted.Contains(group);
        var done = (Removed: new List<XmlRpcValue>(), Changed: new List<XmlRpcValue>(), Added: new List<XmlRpcValue>());

        foreach (var group in removed.Where(Selected))
        {
            var results = ctl.Client.CallList("supervisor.stopProcessGroup", group);
            Log(ctl, group, "stopped");
            if (results.Any(r => (Fault)r.Int("status") == Fault.Failed))
            {
                Log(ctl, group, "has problems; not removing");
                ctl.ExitStatus = ExitCodes.Generic;
                continue;
            }

            ctl.Client.Call("supervisor.removeProcessGroup", group);
            Log(ctl, group, "removed process group");
            done.Removed.Add(group);
        }

        foreach (var group in changed.Where(Selected))
        {
            ctl.Client.Call("supervisor.stopProcessGroup", group);
            Log(ctl, group, "stopped");
            ctl.Client.Call("supervisor.removeProcessGroup", group);
            ctl.Client.Call("supervisor.addProcessGroup", group);
            Log(ctl, group, "updated process group");
            done.Changed.Add(group);
        }

        foreach (var group in added.Where(Selected))
        {
            ctl.Client.Call("supervisor.addProcessGroup", group);
            Log(ctl, group, "added process group");
            done.Added.Add(group);
        }

        if (ctl.Settings.Json)
        {
            ctl.JsonResult = new XmlRpcStruct(
            [
                new("added", new XmlRpcArray(done.Added)),
                new("changed", new XmlRpcArray(done.Changed)),
                new("removed", new XmlRpcArray(done.Removed)),
            ]);
        }

        return false;
    }

    public static bool Add(Controller ctl, string argument)
    {
        var done = new List<XmlRpcValue>();
        foreach (var name in Words.Split(argument))
        {
            try
            {
                ctl.Client.Call("supervisor.addProcessGroup", name);
            }
            catch (RpcFaultException e)
            {
                switch (e.Code)
                {
                    case Fault.ShutdownState:
                        ctl.Say("ERROR: shutting down");
                        ctl.ExitStatus = ExitCodes.Generic;
                        break;
                    case Fault.AlreadyAdded:
                        ctl.Say("ERROR: process group already active");
                        break;
                    case Fault.BadName:
                        ctl.Say("ERROR: no such process/group: " + name);
                        ctl.ExitStatus = ExitCodes.Generic;
                        break;
                    default:
                        ctl.ExitStatus = ExitCodes.Generic;
                        throw;
                }

                continue;
            }

            Log(ctl, name, "added process group");
            done.Add(name);
        }

        if (ctl.Settings.Json)
        {
            ctl.JsonResult = new XmlRpcStruct([new("added", new XmlRpcArray(done))]);
        }

        return false;
    }

    public static bool Remove(Controller ctl, string argument)
    {
        var done = new List<XmlRpcValue>();
        foreach (var name in Words.Split(argument))
        {
            try
            {
                ctl.Client.Call("supervisor.removeProcessGroup", name);
            }
            catch (RpcFaultException e)
            {
                ctl.ExitStatus = ExitCodes.Generic;
                var problem = e.Code switch
                {
                    Fault.StillRunning => "ERROR: process/group still running: ",
                    Fault.BadName => "ERROR: no such process/group: ",
                    _ => null,
                };
                if (problem is null)
                {
                    throw;
                }

                ctl.Say(problem + name);
                continue;
            }

            Log(ctl, name, "removed process group");
            done.Add(name);
        }

        if (ctl.Settings.Json)
        {
            ctl.JsonResult = new XmlRpcStruct([new("removed", new XmlRpcArray(done))]);
        }

        return false;
    }

    public static bool Avail(Controller ctl, string argument)
    {
        if (NoArguments(ctl, "avail", argument))
        {
            return false;
        }

        IReadOnlyList<XmlRpcStruct> infos;
        try
        {
            infos = ctl.Client.CallList("supervisor.getAllConfigInfo");
        }
        catch (RpcFaultException e)
        {
            ctl.ExitStatus = ExitCodes.Generic;
            if (e.Code != Fault.ShutdownState)
            {
                throw;
            }

            ctl.Say("ERROR: supervisor shutting down");
            return false;
        }

        if (ctl.Settings.Json)
        {
            ctl.JsonResult = new XmlRpcArray(infos);
            return false;
        }

        foreach (var info in infos)
        {
            var priority = $"{Python(info["group_prio"])}:{Python(info["process_prio"])}";
            ctl.Out.WriteLine(
                $"{PyPad.Right(info.Namespec(), 32)} {(info.Bool("inuse") ? "in use" : "avail"),-9} {(info.Bool("autostart") ? "auto" : "manual"),-9} {priority}");
        }

        return false;
    }

    /// <summary>Commands that take no argument print their error and help; true when they should stop.</summary>
    internal static bool NoArguments(Controller ctl, string command, string argument)
    {
        if (argument.Length == 0)
        {
            return false;
        }

        ctl.ArgumentError(command, $"Error: {command} accepts no arguments");
        return true;
    }

    private static void Log(Controller ctl, string group, string message)
    {
        if (!ctl.Settings.Json)
        {
            ctl.Out.WriteLine($"{group}: {message}");
        }
        else
        {
            ctl.Stderr.WriteLine($"{group}: {message}");
        }
    }

    private static string[] Names(XmlRpcValue list) => list.AsArray().Select(v => v.AsString()).ToArray();

    private static XmlRpcStruct ChangesStruct(string[] added, string[] changed, string[] removed) => new(
    [
        new("added", new XmlRpcArray(added.Select(a => (XmlRpcValue)a).ToArray())),
        new("changed", new XmlRpcArray(changed.Select(a => (XmlRpcValue)a).ToArray())),
        new("removed", new XmlRpcArray(removed.Select(a => (XmlRpcValue)a).ToArray())),
    ]);

    private static string Python(XmlRpcValue? value) => Output.PyStr.Of(value);
}
