using System.Text;
using SuperNet.Core.Supervision;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Methods;

/// <summary>The 41 published methods with their signatures (contract §2.5) and handlers.</summary>
internal static class MethodTable
{
    private const string MainNamespace = "supervisor";

    /// <param name="namespaces">the [rpcinterface:x] names, each serving supervisor's methods under x.*; none: only system.*</param>
    public static Dictionary<string, RpcMethod> Build(RpcContext context, RpcDispatcher dispatcher, IReadOnlyList<string> namespaces)
    {
        var methods = BuildAll(context, dispatcher);
        var main = methods.Values.Where(m => m.Name.StartsWith(MainNamespace + ".", StringComparison.Ordinal)).ToList();
        foreach (var method in main)
        {
            methods.Remove(method.Name);
        }
        foreach (var ns in namespaces)
        {
            foreach (var method in main)
            {
                var name = ns + method.Name[MainNamespace.Length..];
                methods[name] = method with { Name = name };
            }
        }
        return methods;
    }

    private static Dictionary<string, RpcMethod> BuildAll(RpcContext context, RpcDispatcher dispatcher)
    {
        var control = new ProcessControl(context);
        var logs = new LogMethods(context);
        var methods = new Dictionary<string, RpcMethod>(StringComparer.Ordinal);

        void Add(string name, string signature, int required, string help, RpcHandler handler, bool checksState = true) =>
            methods[name] = new RpcMethod(name, signature.Split(','), required, help, handler, checksState);

        static ValueTask<XmlRpcValue> Done(XmlRpcValue v) => ValueTask.FromResult(v);
        static string S(IReadOnlyList<XmlRpcValue> a, int i) => Args.Str(a[i]);
        // supervisord looks groups up by the value as sent: a non-string finds none (BAD_NAME), and a list or dict
        // used as a dict key is a TypeError, which it answers INCORRECT_PARAMETERS; addProcessGroup only compares.
        static string G(IReadOnlyList<XmlRpcValue> a, int i, bool asKey = true) => a[i] switch
        {
            var name when Args.IsString(name) => Args.Str(name),
            XmlRpcArray or XmlRpcStruct when asKey => throw new RpcFaultException(Fault.IncorrectParameters),
            var other => throw new RpcFaultException(Fault.BadName, Args.PyStr(other)),
        };

        // system.*
        Add("system.listMethods", "array", 0, "Return an array listing the available method names.",
            (_, _) => Done(new XmlRpcArray([.. methods.Keys.Order(StringComparer.Ordinal).Select(k => (XmlRpcValue)k)])), false);
        Add("system.methodHelp", "string,string", 1, "Return the documentation of the named method.",
            (a, _) => Done(Lookup(methods, a[0]).Help), false);
        Add("system.methodSignature", "array,string", 1, "Return [return type, parameter types...] of the named method.",
            (a, _) => Done(new XmlRpcArray([.. Lookup(methods, a[0]).Signature.Select(t => (XmlRpcValue)t)])), false);
        Add("system.multicall", "array,array", 1,
            "Run an array of {methodName, params} calls in order; each result is the bare value or a fault struct.",
            (a, ct) => dispatcher.MulticallAsync(a[0], ct), false);

        // supervisor.* : identification and state. Answers that never change are made once: a call's every
        // allocation is memory the collector must later walk past, and early on a page the kernel must first map.
        XmlRpcValue apiVersion = "3.0";
        XmlRpcValue supervisorVersion = context.SupervisorVersion;
        // A reread may change the identifier (supervisord answers the re-read one); the value is remade only then.
        var identification = new IdentificationAnswer(context.Identification);
        XmlRpcValue running = new XmlRpcStruct([new("statecode", 1), new("statename", "RUNNING")]);
        XmlRpcValue pid = Environment.ProcessId;
        Add("supervisor.getAPIVersion", "string", 0, "Return the version of the RPC API used by supervisord.", (_, _) => Done(apiVersion));
        methods["supervisor.getVersion"] = methods["supervisor.getAPIVersion"] with { Name = "supervisor.getVersion" };
        Add("supervisor.getSupervisorVersion", "string", 0, "Return the version of the supervisor package.",
            (_, _) => Done(supervisorVersion));
        Add("supervisor.getIdentification", "string", 0, "Return the identifying string of supervisord.",
            (_, _) => Done(identification.For(context.Identification)));
        Add("supervisor.getState", "struct", 0, "Return the current state of supervisord as a struct.",
            (_, _) => Done(running));
        Add("supervisor.getPID", "int", 0, "Return the PID of supervisord.", (_, _) => Done(pid));
        Add("supervisor.shutdown", "boolean", 0, "Shut down the supervisor process.", (_, _) =>
        {
            context.RequestShutdown();
            return Done(true);
        });
        Add("supervisor.restart", "boolean", 0, "Restart the supervisor process.", (_, _) =>
        {
            context.RequestRestart();
            return Done(true);
        });

        // main log
        Add("supervisor.readLog", "string,int,int", 2, "Read length bytes from the main log starting at offset.",
            (a, _) => Done(logs.ReadMainLog(a[0], a[1])));
        methods["supervisor.readMainLog"] = methods["supervisor.readLog"] with { Name = "supervisor.readMainLog" };
        Add("supervisor.clearLog", "boolean", 0, "Clear the main log.", (_, ct) => logs.ClearMainLog(ct));

        // process info
        var engine = context.Supervisor;
        Add("supervisor.getProcessInfo", "struct,string", 1, "Get info about a process named name.", (a, _) =>
            Done(new ProcessInfoXml(Names.ResolveProcess(engine.View, S(a, 0)), engine.WallNow, engine.LocalZone)));
        Add("supervisor.getAllProcessInfo", "array", 0, "Get info about all processes.", (_, _) =>
        {
            var (now, zone) = (engine.WallNow, engine.LocalZone);
            // Lazy, and each struct encoded straight from the view as the answer is written: 100000 programs never
            // exist as one tree, nor as trees or records one by one.
            return Done(XmlRpcArray.Lazy(Ordering.Lexical(engine.View), p => new ProcessInfoXml(p, now, zone),
                (p, output) => ProcessInfoXml.Write(output, p, now, zone)));
        });
        Add("supervisor.getAllConfigInfo", "array", 0, "Get info about all available process configurations.", (_, _) =>
            Done(new XmlRpcArray([.. context.Configs.List(engine.View)
                .SelectMany(g => g.Config.Processes.Select(p => (Group: g, Process: p)))
                .OrderBy(x => x.Process.Name, StringComparer.Ordinal)
                .Select(x => (XmlRpcValue)Structs.ConfigInfo(x.Group.Config, x.Process, x.Group.InUse))])));

        // process control
        Add("supervisor.startProcess", "boolean,string,boolean", 1, "Start a process.",
            (a, ct) => control.StartProcess(S(a, 0), Args.Wait(a, 1), ct));
        Add("supervisor.startProcessGroup", "array,string,boolean", 1, "Start all processes in the group named name.",
            (a, ct) => control.StartProcessGroup(G(a, 0), Args.Wait(a, 1), ct));
        Add("supervisor.startAllProcesses", "array,boolean", 0, "Start all processes listed in the configuration file.",
            (a, ct) => control.StartAllProcesses(Args.Wait(a, 0), ct));
        Add("supervisor.stopProcess", "boolean,string,boolean", 1, "Stop a process named by name.",
            (a, ct) => control.StopProcess(S(a, 0), Args.Wait(a, 1), ct));
        Add("supervisor.stopProcessGroup", "array,string,boolean", 1, "Stop all processes in the process group named name.",
            (a, ct) => control.StopProcessGroup(G(a, 0), Args.Wait(a, 1), ct));
        Add("supervisor.stopAllProcesses", "array,boolean", 0, "Stop all processes in the process list.",
            (a, ct) => control.StopAllProcesses(Args.Wait(a, 0), ct));
        Add("supervisor.signalProcess", "boolean,string,string", 2, "Send an arbitrary UNIX signal to the process named by name.",
            (a, ct) => control.SignalProcess(S(a, 0), a[1], ct));
        Add("supervisor.signalProcessGroup", "array,string,string", 2, "Send a signal to all processes in the group named name.",
            (a, ct) => control.SignalProcessGroup(G(a, 0), a[1], ct));
        Add("supervisor.signalAllProcesses", "array,string", 1, "Send a signal to all processes in the process list.",
            (a, ct) => control.SignalAllProcesses(a[0], ct), checksState: false);

        // process logs
        Add("supervisor.readProcessStdoutLog", "string,string,int,int", 3, "Read length bytes from name's stdout log starting at offset.",
            (a, _) => Done(logs.ReadProcessLog(S(a, 0), a[1], a[2], stderr: false)));
        methods["supervisor.readProcessLog"] = methods["supervisor.readProcessStdoutLog"] with { Name = "supervisor.readProcessLog" };
        Add("supervisor.readProcessStderrLog", "string,string,int,int", 3, "Read length bytes from name's stderr log starting at offset.",
            (a, _) => Done(logs.ReadProcessLog(S(a, 0), a[1], a[2], stderr: true)));
        Add("supervisor.tailProcessStdoutLog", "array,string,int,int", 3,
            "Tail name's stdout log: [string bytes, int offset, bool overflow].",
            (a, _) => Done(logs.TailProcessLog(S(a, 0), a[1], a[2], stderr: false)));
        methods["supervisor.tailProcessLog"] = methods["supervisor.tailProcessStdoutLog"] with { Name = "supervisor.tailProcessLog" };
        Add("supervisor.tailProcessStderrLog", "array,string,int,int", 3,
            "Tail name's stderr log: [string bytes, int offset, bool overflow].",
            (a, _) => Done(logs.TailProcessLog(S(a, 0), a[1], a[2], stderr: true)));
        Add("supervisor.clearProcessLogs", "boolean,string", 1, "Clear the stdout and stderr logs for the named process.",
            (a, ct) => logs.ClearProcessLogs(S(a, 0), ct));
        methods["supervisor.clearProcessLog"] = methods["supervisor.clearProcessLogs"] with { Name = "supervisor.clearProcessLog" };
        Add("supervisor.clearAllProcessLogs", "array", 0, "Clear all process log files.", (_, ct) => logs.ClearAllProcessLogs(ct));

        // groups and configuration
        Add("supervisor.reloadConfig", "array", 0, "Reload the configuration: [[added, changed, removed]] group names.",
            async (_, ct) =>
            {
                var diff = await context.Configs.ReloadAsync(() => engine.View, ct);
                static XmlRpcValue Names(IReadOnlyList<string> n) => new XmlRpcArray([.. n.Select(x => (XmlRpcValue)x)]);
                return new XmlRpcArray([new XmlRpcArray([Names(diff.Added), Names(diff.Changed), Names(diff.Removed)])]);
            });
        Add("supervisor.addProcessGroup", "boolean,string", 1, "Update the config for a running process from the config file.",
            async (a, ct) =>
            {
                var added = await context.Configs.AddAsync(G(a, 0, asKey: false), engine.AddGroupAsync, ct);
                return Succeeded(added ?? throw new RpcFaultException(Fault.BadName, S(a, 0)));
            });
        Add("supervisor.removeProcessGroup", "boolean,string", 1, "Remove a stopped process group from the active configuration.",
            async (a, ct) =>
            {
                var name = G(a, 0);
                return Succeeded(await engine.RemoveGroupAsync(name, () => context.Configs.UpdatePending(engine.View, name)).WaitAsync(ct));
            });

        // communication
        Add("supervisor.sendProcessStdin", "boolean,string,string", 2, "Send a string of chars to the stdin of the process name.",
            async (a, ct) =>
            {
                if (!Args.IsString(a[1]))
                {
                    throw new RpcFaultException(Fault.IncorrectParameters, Args.PyStr(a[1]));
                }
                var process = Names.ResolveProcess(engine.View, S(a, 0));
                return Succeeded(await engine.SendStdinAsync(process.Id, Encoding.UTF8.GetBytes(Args.Str(a[1]))).WaitAsync(ct));
            });
        Add("supervisor.sendRemoteCommEvent", "boolean,string,string", 2, "Send an event that will be received by event listener subprocesses subscribing to the RemoteCommunicationEvent.",
            (a, ct) =>
            {
                // Posted, not awaited: the loop notifies the pools in the order the requests came, as upstream does inline.
                _ = engine.SendRemoteCommEventAsync(Args.PyStr(a[0]), Args.PyStr(a[1]));
                return Done(true);
            }, checksState: false);

        return methods;
    }

    private static XmlRpcValue Succeeded(Outcome outcome) => outcome.Succeeded ? true : throw new RpcFaultException(outcome);

    private static RpcMethod Lookup(Dictionary<string, RpcMethod> methods, XmlRpcValue name) =>
        name is XmlRpcString s && methods.TryGetValue(s.Value, out var m) ? m : throw new RpcFaultException(Fault.SignatureUnsupported);
}
