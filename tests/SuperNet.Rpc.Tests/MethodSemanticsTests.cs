using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;
using SuperNet.Core.Tests.Supervision;
using SuperNet.Rpc.Methods;
using SuperNet.Rpc.Tests.Support;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Tests;

/// <summary>
/// The method layer over the real engine (fake OS and clock): waiting, ordering and state rules no golden can
/// pin down. idle and the web programs need (fake) time to count as started, so a start waits until a test
/// moves the clock or makes the child exit.
/// </summary>
public sealed class MethodSemanticsTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private OracleEngine _engine = null!;
    private RpcDispatcher _rpc = null!;

    public async Task InitializeAsync()
    {
        _engine = await OracleEngine.StartAsync(_dir.Path, p => p.Name switch
        {
            "idle" or "web_01" => p with { StartSecs = 1 },
            "web_00" => p with { StartSecs = 5 },
            _ => p,
        });
        _rpc = new RpcDispatcher(_engine.Context);
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        _dir.Dispose();
    }

    private Rig Rig => _engine.Rig;

    private ValueTask<XmlRpcValue> Call(string method, params XmlRpcValue[] args) => _rpc.CallAsync(method, args, CancellationToken.None);

    /// <summary>The value as a client reads it (multicall answers come serialized call by call).</summary>
    private static XmlRpcValue Wire(XmlRpcValue value) => XmlRpcReader.ReadResponse(XmlRpcWriter.WriteResponse(value)).Value!;

    private static async Task<RpcFaultException> Fault(ValueTask<XmlRpcValue> call) =>
        await Assert.ThrowsAsync<RpcFaultException>(async () => await call);

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private Task RunningNow(string namespec) => Rig.AdvanceUntil(async () => await Rig.State(namespec) == ProcessState.Running);

    private async Task WaitForState(string namespec, ProcessState state)
    {
        var until = DateTime.UtcNow + Deadline;
        while (await Rig.State(namespec) != state)
        {
            Assert.True(DateTime.UtcNow < until, $"{namespec} never reached {state}");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task StartWithWaitCompletesOnlyWhenRunning()
    {
        var call = Call("supervisor.startProcess", "idle").AsTask();
        await WaitForState("idle", ProcessState.Starting);
        Assert.False(call.IsCompleted);
        // The server keeps answering other calls meanwhile.
        Assert.Equal("STARTING", (await Call("supervisor.getProcessInfo", "idle")).AsStruct()["statename"]!.AsString());
        await RunningNow("idle");
        Assert.Equal(XmlRpcBoolean.True, await call.WaitAsync(Deadline));
    }

    [Fact]
    public async Task StartWithWaitReportsSpawnErrorAndAbnormalTermination()
    {
        var spawn = Call("supervisor.startProcess", "idle").AsTask();
        await WaitForState("idle", ProcessState.Starting);
        await Rig.ExitCode("idle", 1);
        var e = await Assert.ThrowsAsync<RpcFaultException>(() => spawn.WaitAsync(Deadline));
        Assert.Equal((50, "SPAWN_ERROR: idle"), (e.Code, e.Message));

        await Call("supervisor.stopProcess", "idle"); // BACKOFF -> STOPPED
        var abnormal = Call("supervisor.startProcess", "idle").AsTask();
        await Call("supervisor.stopProcess", "idle", false);
        e = await Assert.ThrowsAsync<RpcFaultException>(() => abnormal.WaitAsync(Deadline));
        Assert.Equal((40, "ABNORMAL_TERMINATION: idle"), (e.Code, e.Message));
    }

    [Fact]
    public async Task StartWithoutWaitReturnsAtOnce()
    {
        Assert.Equal(XmlRpcBoolean.True, await Call("supervisor.startProcess", "idle", false).AsTask().WaitAsync(Deadline));
        Assert.Equal(XmlRpcBoolean.True, await Call("supervisor.stopProcess", "idle", false).AsTask().WaitAsync(Deadline));
    }

    [Fact]
    public async Task GroupResultsComeInCompletionOrder()
    {
        await Call("supervisor.stopProcessGroup", "web");
        var call = Call("supervisor.startProcessGroup", "web").AsTask();
        await WaitForState("web:web_00", ProcessState.Starting);
        await RunningNow("web:web_01");
        await Rig.ExitCode("web:web_00", 1);
        var results = (await call.WaitAsync(Deadline)).AsArray();
        Assert.Equal(
            [("web_01", 80, "OK"), ("web_00", 50, "SPAWN_ERROR: web:web_00")],
            results.Select(r => (r.AsStruct()["name"]!.AsString(), r.AsStruct()["status"]!.AsInt(), r.AsStruct()["description"]!.AsString())));
    }

    [Fact]
    public async Task MulticallRunsDeferredCallsOneAfterAnother()
    {
        XmlRpcValue Spec(string method, params XmlRpcValue[] args) =>
            new XmlRpcStruct([new("methodName", method), new("params", new XmlRpcArray(args))]);
        var call = Call("system.multicall", new XmlRpcArray([
            Spec("supervisor.startProcess", "idle"),
            Spec("supervisor.sendProcessStdin", "cat", "after"),
            Spec("supervisor.getProcessInfo", "idle"),
        ])).AsTask();
        // Everything up to the first pending wait runs synchronously: a concurrent multicall would have sent already.
        await WaitForState("idle", ProcessState.Starting);
        Assert.False(call.IsCompleted);
        var cat = await Rig.Pid("cat");
        Assert.Equal("", _engine.StdinOf(cat));
        await RunningNow("idle");
        var results = Wire(await call.WaitAsync(Deadline)).AsArray();
        Assert.Equal([XmlRpcBoolean.True, XmlRpcBoolean.True], results.Take(2));
        Assert.Equal("RUNNING", results[2].AsStruct()["statename"]!.AsString());
        await _engine.WaitForStdin(cat, "after");
    }

    [Fact]
    public async Task MulticallTurnsTypeErrorsIntoFailedStructs()
    {
        var results = Wire(await Call("system.multicall", new XmlRpcArray([
            new XmlRpcStruct([new("methodName", "supervisor.getProcessInfo"), new("params", new XmlRpcArray([1]))]),
            new XmlRpcStruct([new("methodName", "supervisor.getPID")]),
        ]))).AsArray();
        Assert.Equal(30, results[0].AsStruct()["faultCode"]!.AsInt());
        Assert.StartsWith("FAILED: ", results[0].AsStruct()["faultString"]!.AsString());
        Assert.Equal(Environment.ProcessId, results[1].AsInt());
    }

    [Fact]
    public async Task MulticallParamsThatAreNotAnArrayAreIncorrectParameters()
    {
        // supervisord calls method(*params): a non-iterable (or wrongly sized) params is a TypeError, which
        // traverse() answers as INCORRECT_PARAMETERS, never a FAILED naming an exception type.
        var results = Wire(await Call("system.multicall", new XmlRpcArray([
            new XmlRpcStruct([new("methodName", "supervisor.getPID"), new("params", 5)]),
            new XmlRpcStruct([new("methodName", "supervisor.getPID"), new("params", "ab")]),
        ]))).AsArray();
        foreach (var result in results)
        {
            Assert.Equal(2, result.AsStruct()["faultCode"]!.AsInt());
            Assert.Equal("INCORRECT_PARAMETERS", result.AsStruct()["faultString"]!.AsString());
        }
    }

    [Fact]
    public async Task GroupMethodsGivenANonStringNameFaultBadName()
    {
        // supervisord looks a group up by the value as given: an int finds no group (BAD_NAME: 5), not HTTP 500.
        foreach (var (method, args) in new (string, XmlRpcValue[])[]
        {
            ("supervisor.startProcessGroup", [5]),
            ("supervisor.stopProcessGroup", [5]),
            ("supervisor.signalProcessGroup", [5, "HUP"]),
            ("supervisor.addProcessGroup", [5]),
            ("supervisor.removeProcessGroup", [5]),
        })
        {
            var fault = await Fault(Call(method, args));
            Assert.Equal((10, "BAD_NAME: 5"), (fault.Code, fault.Message));
        }
        // A list as a dict key is a TypeError (INCORRECT_PARAMETERS); addProcessGroup only compares it with ==.
        Assert.Equal(2, (await Fault(Call("supervisor.stopProcessGroup", new XmlRpcArray([])))).Code);
        Assert.Equal(2, (await Fault(Call("supervisor.removeProcessGroup", new XmlRpcStruct([new("a", 1)])))).Code);
        var add = await Fault(Call("supervisor.addProcessGroup", new XmlRpcArray([])));
        Assert.Equal((10, "BAD_NAME: []"), (add.Code, add.Message));
    }

    [Fact]
    public async Task DuringShutdownStateCheckedMethodsFault()
    {
        // Children that ignore their stop signal keep the supervisor shutting down (STOPPING) for the test.
        _engine.ExitOnStop = false;
        Assert.Equal(XmlRpcBoolean.True, await Call("supervisor.shutdown"));
        foreach (var method in new[] { "supervisor.getState", "supervisor.getAllProcessInfo", "supervisor.shutdown", "supervisor.restart" })
        {
            Assert.Equal((6, "SHUTDOWN_STATE"), await Fault(Call(method)) is var f ? (f.Code, f.Message) : default);
        }
        Assert.Equal(XmlRpcBoolean.True, await Call("supervisor.sendRemoteCommEvent", "t", "d"));
        // signalAllProcesses tries each process first (each refused, as signalProcess is: nothing is sent) and
        // checks its own state afterwards.
        await Rig.Sync();
        Assert.Equal(6, (await Fault(Call("supervisor.signalAllProcesses", "CONT"))).Code);
        Assert.DoesNotContain(Rig.Signaller.Sent, s => s.Signal == 18); // SIGCONT
        // Arity is checked before state, as a Python call would.
        Assert.Equal(2, (await Fault(Call("supervisor.getState", 1))).Code);
        Assert.Equal(SupervisorMood.Shutdown, await Rig.Supervisor.GetMoodAsync());
    }

    [Fact]
    public async Task RestartIsRequested()
    {
        Assert.Equal(XmlRpcBoolean.True, await Call("supervisor.restart"));
        Assert.Equal(SupervisorExit.Restart, await Rig.Running.WaitAsync(Deadline));
    }

    [Fact]
    public async Task SignalsAreAcceptedByNameNumberAndInt()
    {
        var sleeper = await Rig.Pid("sleeper");
        await Call("supervisor.signalProcess", "sleeper", "hup");
        await Call("supervisor.signalProcess", "sleeper", "SIGUSR1");
        await Call("supervisor.signalProcess", "sleeper", " 12 ");
        await Call("supervisor.signalProcess", "sleeper", 15);
        Assert.Equal([1, 10, 12, 15], Rig.Signaller.Sent.Where(s => s.Pid == sleeper).Select(s => s.Signal));
        Assert.Equal("BAD_SIGNAL: 35", (await Fault(Call("supervisor.signalProcess", "sleeper", 35))).Message);
    }

    [Fact]
    public async Task SignalStringsAreReadAsSupervisordsSignalNumber()
    {
        // signal_number(): Python's int() first (underscores between digits, any Unicode decimal digits), then
        // getattr(signal, "SIG" + name), which also finds the module's handler and mask constants.
        // Values from supervisor.datatypes.signal_number on the oracle.
        var sleeper = await Rig.Pid("sleeper");
        foreach (var text in new[] { "1_8", "\uFF11\uFF18", "\u0661\u0668", "+18", "_dfl", "SIG_BLOCK", "SIG_IGN", "SIG_UNBLOCK", "SIG_SETMASK" })
        {
            Assert.Equal(XmlRpcBoolean.True, await Call("supervisor.signalProcess", "sleeper", text));
        }
        Assert.Equal([18, 18, 18, 18, 0, 0, 1, 1, 2], Rig.Signaller.Sent.Where(s => s.Pid == sleeper).Select(s => s.Signal));
        foreach (var text in new[] { "15.0", "NSIG", "1__5", "99999999999999999999999", "SIGSIGHUP" })
        {
            Assert.Equal("BAD_SIGNAL: " + text, (await Fault(Call("supervisor.signalProcess", "sleeper", text))).Message);
        }
    }

    [Fact]
    public async Task SignalGivenAsADoubleIsTruncatedAsPythonsInt()
    {
        // signal_number() starts with int(value): int(18.9) is 18 (SIGCONT).
        var sleeper = await Rig.Pid("sleeper");
        Assert.Equal(XmlRpcBoolean.True, await Call("supervisor.signalProcess", "sleeper", new XmlRpcDouble(18.9)));
        Assert.Equal([18], Rig.Signaller.Sent.Where(s => s.Pid == sleeper).Select(s => s.Signal));
    }

    [Fact]
    public async Task TimestampsAreClampedOnTheWire()
    {
        // Past 2038: seconds since the epoch no longer fit an XML-RPC int.
        Rig.Time.Advance(TimeSpan.FromDays(365 * 100));
        var info = (await Call("supervisor.getProcessInfo", "sleeper")).AsStruct();
        var wire = XmlRpcReader.ReadResponse(XmlRpcWriter.WriteResponse(info)).Value!.AsStruct();
        Assert.Equal(int.MaxValue, wire["now"]!.AsLong());
    }

    [Fact]
    public async Task ListMethodsHas41SortedNamesWithSignatures()
    {
        var names = (await Call("system.listMethods")).AsArray().Select(v => v.AsString()).ToList();
        Assert.Equal(41, names.Count);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        foreach (var name in names)
        {
            var signature = (await Call("system.methodSignature", name)).AsArray();
            Assert.NotEmpty(signature);
            Assert.NotEmpty((await Call("system.methodHelp", name)).AsString());
        }
    }

    [Fact]
    public async Task NamespacesComeFromTheRpcInterfaceSections()
    {
        // No [rpcinterface:x]: supervisord still answers, with system.* alone.
        var bare = new RpcDispatcher(_engine.Context, []);
        var names = (await bare.CallAsync("system.listMethods", [], CancellationToken.None)).AsArray().Select(v => v.AsString());
        Assert.Equal(["system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall"], names);
        var fault = await Fault(bare.CallAsync("supervisor.getVersion", [], CancellationToken.None));
        Assert.Equal((int)Core.Supervision.Fault.UnknownMethod, fault.Code);

        var renamed = new RpcDispatcher(_engine.Context, ["other"]);
        Assert.Equal("3.0", (await renamed.CallAsync("other.getVersion", [], CancellationToken.None)).AsString());
        Assert.Equal((int)Core.Supervision.Fault.UnknownMethod, (await Fault(renamed.CallAsync("supervisor.getVersion", [], CancellationToken.None))).Code);
    }

    [Fact]
    public async Task MainLogFollowsTheReadRules()
    {
        File.WriteAllText(_dir.File("supervisord.log"), "0123456789abcdefghij\n");
        Assert.Equal("01234", (await Call("supervisor.readLog", 0, 5)).AsString());
        Assert.Equal("ghij\n", (await Call("supervisor.readMainLog", -5, 0)).AsString());
        Assert.Equal("", (await Call("supervisor.readLog", 100, 5)).AsString());
        Assert.Equal(3, (await Fault(Call("supervisor.readLog", -5, 2))).Code);
        Assert.Equal(XmlRpcBoolean.True, await Call("supervisor.clearLog"));
        Assert.Equal("", (await Call("supervisor.readLog", 0, 0)).AsString());
        File.Delete(_dir.File("supervisord.log"));
        Assert.Equal($"NO_FILE: {_dir.File("supervisord.log")}", (await Fault(Call("supervisor.readLog", 0, 0))).Message);
    }

    [Fact]
    public async Task LogOffsetsAreReadAsPythonsIntAfterTheNameAndFileChecks()
    {
        // supervisord calls int(offset), int(length) after its BAD_NAME and NO_FILE checks; int() of a list or dict
        // is a TypeError, answered INCORRECT_PARAMETERS; a string is read as Python reads it. Measured on 4.2.5.
        File.WriteAllText(_dir.File("supervisord.log"), "0123456789\n");
        File.WriteAllText(_dir.File("sleeper.log"), "abcdefghij\n");
        Assert.Equal("0123", (await Call("supervisor.readLog", "\u0660", " 4 ")).AsString());
        Assert.Equal("bc", (await Call("supervisor.readProcessStdoutLog", "sleeper", "+1", "0_2")).AsString());
        XmlRpcValue list = new XmlRpcArray([]), dict = new XmlRpcStruct([]);
        Assert.Equal("INCORRECT_PARAMETERS", (await Fault(Call("supervisor.readLog", list, 0))).Message);
        Assert.Equal("INCORRECT_PARAMETERS", (await Fault(Call("supervisor.readProcessStdoutLog", "sleeper", 0, dict))).Message);
        Assert.Equal("INCORRECT_PARAMETERS", (await Fault(Call("supervisor.tailProcessStdoutLog", "sleeper", dict, "x"))).Message);
        Assert.Equal("BAD_NAME: nosuch", (await Fault(Call("supervisor.readProcessStdoutLog", "nosuch", "x", 0))).Message);
        Assert.Equal("BAD_NAME: nosuch", (await Fault(Call("supervisor.tailProcessStdoutLog", "nosuch", list, 0))).Message);
        File.Delete(_dir.File("sleeper.log"));
        Assert.Equal($"NO_FILE: {_dir.File("sleeper.log")}", (await Fault(Call("supervisor.readProcessStdoutLog", "sleeper", list, 0))).Message);
        var tail = (await Call("supervisor.tailProcessStdoutLog", "sleeper", list, 0)).AsArray();
        Assert.Equal(("", 0L, false), (tail[0].AsString(), tail[1].AsLong(), tail[2].AsBool()));
    }

    [Fact]
    public async Task LogBytesThatAreNotUtf8AreReplacedNotFatal()
    {
        File.WriteAllBytes(_dir.File("sleeper.log"), [0x61, 0xC3, 0x28, 0x62]);
        Assert.Equal("a\uFFFD(b", (await Call("supervisor.readProcessStdoutLog", "sleeper", 0, 0)).AsString());
    }

    [Fact]
    public async Task ALogPathThatIsADirectoryExistsButCannotBeRead()
    {
        // Measured on supervisord 4.2.5: os.path.exists passes, open fails, before any argument check.
        File.Delete(_dir.File("sleeper.log"));
        Directory.CreateDirectory(_dir.File("sleeper.log"));
        var e = await Fault(Call("supervisor.readProcessStdoutLog", "sleeper", -5, 2));
        Assert.Equal((30, "FAILED"), (e.Code, e.Message));
        var tail = (await Call("supervisor.tailProcessStdoutLog", "sleeper", 7, 10)).AsArray();
        Assert.Equal(("", 7L, false), (tail[0].AsString(), tail[1].AsLong(), tail[2].AsBool()));
    }

    [Fact]
    public async Task ClearAllProcessLogsReportsEveryProcessInPriorityOrder()
    {
        var results = (await Call("supervisor.clearAllProcessLogs")).AsArray();
        Assert.Equal(["sleeper", "cat", "idle", "missing", "web_00", "web_01"], results.Select(r => r.AsStruct()["name"]!.AsString()));
        Assert.Equal("", File.ReadAllText(_dir.File("sleeper.log")));
    }

    [Fact]
    public async Task StdinReachesTheProcessVerbatim()
    {
        await Call("supervisor.sendProcessStdin", "cat", "héllo\n");
        await Call("supervisor.sendProcessStdin", "cat", new XmlRpcBase64("hi"u8.ToArray()));
        await _engine.WaitForStdin(await Rig.Pid("cat"), "héllo\nhi");
    }
}
