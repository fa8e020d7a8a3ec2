using System.Text;
using SuperNet.Core.Config;
using SuperNet.Core.Logging;
using SuperNet.Core.Processes;
using SuperNet.Core.Readiness;
using SuperNet.Core.Supervision;
using SuperNet.Core.Tests.Supervision;
using SuperNet.Rpc.Methods;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Tests.Methods;

/// <summary>
/// getProcessInfo's direct encoder (<see cref="ProcessInfoXml"/>) against the generic writer's text of the same
/// struct (<see cref="Structs.ProcessInfo"/>): byte for byte, in every state, with text that needs escaping.
/// </summary>
public sealed class ProcessInfoXmlTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1795763399);
    private static readonly TimeZoneInfo Plus2 = TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2");

    // A name, group, spawn error and log paths with XML's markup characters, a C0 control and non-ASCII text.
    private const string OddName = "we&b<1>é";
    private const string OddGroup = "g&<r>p";
    private const string OddError = "Exited <too> quickly & \u001b[31mred\u001b[0m ü";

    private static ProcessView View(ProcessState state, string name = OddName, string spawnErr = "", int pid = 0,
        long start = 0, long stop = 0, ProcessConfig? config = null) =>
        new(new ProcessId(7), config ?? Rig.Program(name), OddGroup, state, pid,
            start == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(start),
            stop == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(stop),
            spawnErr, 0, "/var/log/a&b<c>.log", "");

    public static TheoryData<string, ProcessView> Views()
    {
        var started = Now.ToUnixTimeSeconds() - 3 * 86400 - 3725;
        var readiness = Rig.Program(OddName) with
        {
            Container = new ContainerOptions { Ready = new Probe(ProbeKind.Tcp, "tcp:<host>&:80"), DependsOn = ["db"] },
        };
        var delayed = Rig.Program(OddName) with { Restart = new RestartPolicy { FixedSeconds = 2.5 } };
        return new TheoryData<string, ProcessView>
        {
            { "stopped, never started", View(ProcessState.Stopped) },
            { "stopped", View(ProcessState.Stopped, start: started, stop: started + 60) },
            { "starting", View(ProcessState.Starting, pid: 41, start: started) },
            { "running for days", View(ProcessState.Running, pid: 42, start: started) },
            { "running for a second", View(ProcessState.Running, pid: int.MaxValue, start: Now.ToUnixTimeSeconds() - 1) },
            { "backoff with an error", View(ProcessState.Backoff, spawnErr: OddError, start: started) },
            { "backoff without an error", View(ProcessState.Backoff, start: started) },
            { "stopping", View(ProcessState.Stopping, pid: 43, start: started) },
            { "exited", View(ProcessState.Exited, start: started, stop: started + 5) with { ExitStatus = -1 } },
            { "fatal", View(ProcessState.Fatal, spawnErr: OddError, start: started) },
            { "fatal, error longer than the stack buffer", View(ProcessState.Fatal, spawnErr: new string('<', 700) + OddError) },
            { "unknown", View(ProcessState.Unknown, pid: 44) },
            { "times past int32", View(ProcessState.Exited, start: 1L << 34, stop: (1L << 34) + 1) },
            { "readiness members", View(ProcessState.Running, pid: 45, start: started, config: readiness)
                with { Ready = true, ReadyStatus = "up & <ok>", Health = "healthy" } },
            { "restart delay, waiting", View(ProcessState.Backoff, spawnErr: OddError, start: started, config: delayed)
                with { PendingRestart = new RestartWait(TimeSpan.FromSeconds(2.5), Now.AddSeconds(1.25)) } },
            { "restart delay, running", View(ProcessState.Running, pid: 46, start: started, config: delayed) },
            { "dropped lines", View(ProcessState.Running, pid: 47, start: started) with { Drops = new DropCounter(OddName) } },
        };
    }

    [Theory]
    [MemberData(nameof(Views))]
    public void Direct_encoding_equals_the_generic_writer(string label, ProcessView view)
    {
        foreach (var zone in new[] { TimeZoneInfo.Utc, Plus2 })
        {
            var direct = Text(XmlRpcWriter.Serialize(new ProcessInfoXml(view, Now, zone)));
            var generic = Text(XmlRpcWriter.Serialize(Structs.ProcessInfo(view, Now, zone)));
            Assert.True(generic == direct, $"{label} ({zone.Id}):\n{generic}\n!=\n{direct}");
        }
    }

    [Fact]
    public void Escaping_reaches_the_wire()
    {
        var text = Text(XmlRpcWriter.Serialize(new ProcessInfoXml(View(ProcessState.Fatal, spawnErr: OddError), Now, TimeZoneInfo.Utc)));
        Assert.Contains("<name>name</name>\n<value><string>we&amp;b&lt;1&gt;é</string></value>", text);
        Assert.Contains("<value><string>Exited &lt;too&gt; quickly &amp; &#27;[31mred&#27;[0m ü</string></value>", text);
        Assert.DoesNotContain("<too>", text);
    }

    [Fact]
    public void A_streamed_array_of_them_equals_the_generic_answer()
    {
        var views = Views().Select(row => (ProcessView)row[1]).ToList();
        var direct = XmlRpcArray.Lazy(views, v => new ProcessInfoXml(v, Now, Plus2));
        var generic = new XmlRpcArray([.. views.Select(v => (XmlRpcValue)Structs.ProcessInfo(v, Now, Plus2))]);
        // Small pieces: the answer is cut between processes, as a 100000-program one is.
        var pieces = new List<byte>();
        foreach (var piece in XmlRpcWriter.WriteResponsePieces(direct, 1024))
        {
            pieces.AddRange(piece.ToArray());
        }
        Assert.Equal(Text(XmlRpcWriter.WriteResponse(generic)), Text([.. pieces]));
    }

    [Fact]
    public void An_array_writing_them_straight_from_the_views_equals_the_generic_answer()
    {
        // As getAllProcessInfo answers: no record per process, each struct written from its view.
        var views = Views().Select(row => (ProcessView)row[1]).ToList();
        var direct = XmlRpcArray.Lazy(views, v => new ProcessInfoXml(v, Now, Plus2), (v, output) => ProcessInfoXml.Write(output, v, Now, Plus2));
        var generic = new XmlRpcArray([.. views.Select(v => (XmlRpcValue)Structs.ProcessInfo(v, Now, Plus2))]);
        foreach (var pieceBytes in new[] { 1024, 2 << 20 })
        {
            var pieces = new List<byte>();
            foreach (var piece in XmlRpcWriter.WriteResponsePieces(direct, pieceBytes))
            {
                pieces.AddRange(piece.ToArray());
            }
            Assert.Equal(Text(XmlRpcWriter.WriteResponse(generic)), Text([.. pieces]));
        }
        Assert.Equal(generic, direct.Tree is XmlRpcArray a ? new XmlRpcArray([.. a.Items.Select(i => i.Tree)]) : null);
    }

    [Fact]
    public void Readers_of_the_tree_see_the_generic_struct()
    {
        var view = View(ProcessState.Running, pid: 42, start: Now.ToUnixTimeSeconds() - 5);
        var info = new ProcessInfoXml(view, Now, TimeZoneInfo.Utc);
        Assert.Equal(Structs.ProcessInfo(view, Now, TimeZoneInfo.Utc), info.AsStruct());
        Assert.Equal("pid 42, uptime 0:00:05", info.AsStruct()["description"]!.AsString());
        Assert.Equal("struct", info.TypeName);
    }

    private static string Text(byte[] utf8) => Encoding.UTF8.GetString(utf8);
}
