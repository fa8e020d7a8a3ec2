using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;
using SuperNet.Ctl.Rpc;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Commands;

/// <summary>status, start, stop, restart, signal, clear and pid.</summary>
internal static class ProcessCommands
{
    public static bool Status(Controller ctl, string argument)
    {
        if (!ctl.Upcheck())
        {
            ctl.ExitStatus = ExitCodes.StatusUnknown;
            return false;
        }

        var all = ctl.Client.CallList("supervisor.getAllProcessInfo");
        var names = Words.Split(argument);
        List<XmlRpcStruct> shown;
        if (names.Length == 0 || names.Contains("all"))
        {
            shown = [.. all];
        }
        else
        {
            shown = [];
            foreach (var name in names)
            {
                var (group, process) = Namespec.Split(name);
                var matched = all.Where(i => i.Str("group") == group && (process is null || i.Str("name") == process)).ToArray();
                if (matched.Length == 0)
                {
                    ctl.Say(process is null ? $"{group}: ERROR (no such group)" : $"{name}: ERROR (no such process)");
                    ctl.ExitStatus = ExitCodes.StatusUnknown;
                }

                shown.AddRange(matched);
            }
        }

        if (ctl.Settings.Json)
        {
            ctl.JsonResult = new XmlRpcArray(shown);
        }
        else
        {
            StatusTable.Write(ctl.Out, shown, ctl.Settings.UnderOwnName);
        }

        if (shown.Any(i => Enum.GetValues<ProcessState>().Any(state => state.IsStopped() && i.NumberIs("state", (long)state))))
        {
            ctl.ExitStatus = ExitCodes.StatusNotRunning;
        }

        return false;
    }

    public static bool Start(Controller ctl, string argument)
    {
        if (!ctl.Upcheck())
        {
            return false;
        }

        var names = Words.Split(argument);
        if (names.Length == 0)
        {
            return ctl.ArgumentError("start", "Error: start requires a process name", ExitCodes.InvalidArgs);
        }

        var results = new Results(ctl, StartText, Fault.AlreadyStarted, FailedAs.Error);
        if (names.Contains("all"))
        {
            results.AddAll(ctl.Client.CallList("supervisor.startAllProcesses"));
        }
        else
        {
            foreach (var name in names)
            {
                var (group, process) = Namespec.Split(name);
                if (process is null)
                {
                    try
                    {
                        results.AddAll(ctl.Client.CallList("supervisor.startProcessGroup", group));
                    }
                    catch (RpcFaultException e) when (e.Code == Fault.BadName)
                    {
                        results.GroupMissing(group, e, ExitCodes.InvalidArgs);
                    }
                    catch (RpcFaultException)
                    {
                        ctl.ExitStatus = ExitCodes.Generic;
                        throw;
                    }
                }
                else
                {
                    results.Single(group, process, () => ctl.Client.Call("supervisor.startProcess", name));
                }
            }
        }

        results.Publish();
        return false;
    }

    public static bool Stop(Controller ctl, string argument)
    {
        if (!ctl.Upcheck())
        {
            return false;
        }

        var names = Words.Split(argument);
        if (names.Length == 0)
        {
            return ctl.ArgumentError("stop", "Error: stop requires a process name");
        }

        var results = new Results(ctl, code => SignalText(code, "stopped"), Fault.NotRunning, FailedAs.BareText);
        if (names.Contains("all"))
        {
            results.AddAll(ctl.Client.CallList("supervisor.stopAllProcesses"));
        }
        else
        {
            foreach (var name in names)
            {
                var (group, process) = Namespec.Split(name);
                if (process is null)
                {
                    try
                    {
                        results.AddAll(ctl.Client.CallList("supervisor.stopProcessGroup", group));
                    }
                    catch (RpcFaultException e)
                    {
                        ctl.ExitStatus = ExitCodes.Generic;
                        if (e.Code != Fault.BadName)
                        {
                            throw;
                        }

                        results.GroupMissing(group, e, ExitCodes.Generic);
                    }
                }
                else
                {
                    results.Single(group, process, () => ctl.Client.Call("supervisor.stopProcess", name));
                }
            }
        }

        results.Publish();
        return false;
    }

    public static bool Restart(Controller ctl, string argument)
    {
        if (!ctl.Upcheck())
        {
            return false;
        }

        if (Words.Split(argument).Length == 0)
        {
            return ctl.ArgumentError("restart", "Error: restart requires a process name");
        }

        Stop(ctl, argument);
        var stopped = ctl.JsonResult;
        Start(ctl, argument);
        if (ctl.Settings.Json)
        {
            ctl.JsonResult = new XmlRpcStruct(
            [
                new("stop", stopped ?? XmlRpcArray.Empty),
                new("start", ctl.JsonResult ?? XmlRpcArray.Empty),
            ]);
        }

        return false;
    }

    public static bool Signal(Controller ctl, string argument)
    {
        if (!ctl.Upcheck())
        {
            return false;
        }

        var args = Words.Split(argument);
        if (args.Length < 2)
        {
            return ctl.ArgumentError("signal", "Error: signal requires a signal name and a process name");
        }

        var signal = args[0];
        var names = args[1..];
        var results = new Results(ctl, code => SignalText(code, "signalled"), null, FailedAs.BareText);
        if (names.Contains("all"))
        {
            results.AddAll(ctl.Client.CallList("supervisor.signalAllProcesses", signal));
        }
        else
        {
            foreach (var name in names)
            {
                var (group, process) = Namespec.Split(name);
                if (process is null)
                {
                    try
                    {
                        results.AddAll(ctl.Client.CallList("supervisor.signalProcessGroup", group, signal));
                    }
                    catch (RpcFaultException e) when (e.Code == Fault.BadName)
                    {
                        results.GroupMissing(group, e, ExitCodes.Generic);
                    }
                }
                else
                {
                    results.Single(group, process, () => ctl.Client.Call("supervisor.signalProcess", name, signal));
                }
            }
        }

        results.Publish();
        return false;
    }

    public static bool Clear(Controller ctl, string argument)
    {
        if (!ctl.Upcheck())
        {
            return false;
        }

        var names = Words.Split(argument);
        if (names.Length == 0)
        {
            return ctl.ArgumentError("clear", "Error: clear requires a process name");
        }

        var results = new Results(ctl, ClearText, null);
        if (names.Contains("all"))
        {
            results.AddAll(ctl.Client.CallList("supervisor.clearAllProcessLogs"));
        }
        else
        {
            foreach (var name in names)
            {
                var (group, process) = Namespec.Split(name);
                results.Single(group, process, () => ctl.Client.Call("supervisor.clearProcessLogs", name));
            }
        }

        results.Publish();
        return false;
    }

    public static bool Pid(Controller ctl, string argument)
    {
        if (!ctl.Upcheck())
        {
            return false;
        }

        var names = Words.Split(argument);
        var json = new List<XmlRpcValue>();
        if (names.Length == 0)
        {
            var pid = ctl.Client.Call("supervisor.getPID");
            if (ctl.Settings.Json)
            {
                ctl.JsonResult = new XmlRpcStruct([new("pid", pid)]);
                return false;
            }

            ctl.Out.WriteLine(Output.PyStr.Of(pid));
            return false;
        }

        if (names.Contains("all"))
        {
            foreach (var info in ctl.Client.CallList("supervisor.getAllProcessInfo"))
            {
                var pid = info.Text("pid");
                json.Add(PidStruct(info));
                if (!ctl.Settings.Json)
                {
                    ctl.Out.WriteLine(pid);
                }
            }
        }
        else
        {
            foreach (var name in names)
            {
                XmlRpcStruct info;
                try
                {
                    info = ctl.Client.Call("supervisor.getProcessInfo", name).AsStruct();
                }
                catch (RpcFaultException e)
                {
                    ctl.ExitStatus = ExitCodes.Generic;
                    if (e.Code != Fault.BadName)
                    {
                        throw;
                    }

                    ctl.Say("No such process " + name);
                    continue;
                }

                var pid = info.Text("pid");
                json.Add(PidStruct(info));
                if (!ctl.Settings.Json)
                {
                    ctl.Out.WriteLine(pid);
                }

                if (info.NumberIs("pid", 0))
                {
                    ctl.ExitStatus = ExitCodes.NotRunning;
                }
            }
        }

        if (ctl.Settings.Json)
        {
            ctl.JsonResult = new XmlRpcArray(json);
        }

        return false;
    }

    private static XmlRpcStruct PidStruct(XmlRpcStruct info) =>
        new([new("name", info.Str("name")), new("group", info.Str("group")), new("pid", info["pid"] is XmlRpcBigInteger wide ? wide : info.Int("pid"))]);

    private static string? StartText(Fault code) => code switch
    {
        Fault.BadName => "ERROR (no such process)",
        Fault.NoFile => "ERROR (no such file)",
        Fault.NotExecutable => "ERROR (file is not executable)",
        Fault.AlreadyStarted => "ERROR (already started)",
        Fault.SpawnError => "ERROR (spawn error)",
        Fault.AbnormalTermination => "ERROR (abnormal termination)",
        Fault.Success => "started",
        _ => null,
    };

    private static string? SignalText(Fault code, string success) => code switch
    {
        Fault.BadName => "ERROR (no such process)",
        Fault.BadSignal => "ERROR (bad signal name)",
        Fault.NotRunning => "ERROR (not running)",
        Fault.Success => success,
        _ => null,
    };

    private static string? ClearText(Fault code) => code switch
    {
        Fault.BadName => "ERROR (no such process)",
        Fault.Failed => "ERROR (failed)",
        Fault.Success => "cleared",
        _ => null,
    };
}
