using System.Text;
using SuperNet.Core.Config;
using SuperNet.Core.Tests.Supervision;
using SuperNet.Rpc.Methods;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Tests.Methods;

/// <summary>
/// What the codec and the methods allocate per call (issue 9: every byte a call allocates is, early in a daemon's
/// life, memory the kernel maps on first touch). Counted on the calling thread, which runs the whole synchronous
/// path: parse, dispatch, answer in pieces. HTTP's own share is not measured here.
/// </summary>
public sealed class CallAllocationTests
{
    private sealed class Setup : IAsyncDisposable
    {
        public Setup(int programs)
        {
            var config = new SupervisorConfig
            {
                ConfigFile = "/etc/supervisord.conf",
                Supervisord = new SupervisordOptions(),
                Servers = [],
                Groups = [Rig.Group("p", 999, [.. Enumerable.Range(0, programs).Select(i => Rig.Program($"p_{i:D6}") with { AutoStart = false })])],
            };
            Rig = new Rig(config, new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }, null);
            Rpc = new RpcDispatcher(new RpcContext(Rig.Supervisor, config, null, () => config));
        }

        public Rig Rig { get; }
        public RpcDispatcher Rpc { get; }

        /// <summary>Bytes allocated per call of <paramref name="method"/> (no parameters), and its answer's length.</summary>
        public (long Bytes, int AnswerBytes) PerCall(string method, int calls)
        {
            var body = Encoding.ASCII.GetBytes($"<?xml version='1.0'?>\n<methodCall>\n<methodName>{method}</methodName>\n<params>\n</params>\n</methodCall>\n");
            var answerBytes = 0;
            void Call()
            {
                var call = XmlRpcReader.ReadMethodCall(body);
                var result = Rpc.CallAsync(call.MethodName, call.Params, CancellationToken.None);
                if (!result.IsCompletedSuccessfully)
                {
                    Assert.Fail(method + " did not answer at once");
                }
                answerBytes = 0;
                using var pieces = XmlRpcWriter.WriteResponsePieces(result.Result, 2 << 20).GetEnumerator();
                while (pieces.MoveNext())
                {
                    answerBytes += pieces.Current.Length;
                }
            }
            for (var i = 0; i < 100; i++)
            {
                Call();
            }
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < calls; i++)
            {
                Call();
            }
            return ((GC.GetAllocatedBytesForCurrentThread() - before) / calls, answerBytes);
        }

        public ValueTask DisposeAsync() => Rig.DisposeAsync();
    }

    [Theory]
    [InlineData("supervisor.getState")]
    [InlineData("supervisor.getAPIVersion")]
    [InlineData("supervisor.getVersion")]
    [InlineData("supervisor.getSupervisorVersion")]
    [InlineData("supervisor.getIdentification")]
    [InlineData("supervisor.getPID")]
    public async Task An_answer_that_never_changes_is_made_once(string method)
    {
        await using var s = new Setup(1);
        var first = await s.Rpc.CallAsync(method, [], CancellationToken.None);
        var second = await s.Rpc.CallAsync(method, [], CancellationToken.None);
        Assert.Same(first, second);
    }

    [Fact]
    public async Task getAllProcessInfo_allocates_nothing_per_process()
    {
        await using var few = new Setup(10);
        await using var many = new Setup(1000);
        await few.Rig.Sync();
        await many.Rig.Sync();
        var (fewBytes, fewAnswer) = few.PerCall("supervisor.getAllProcessInfo", 20);
        var (manyBytes, manyAnswer) = many.PerCall("supervisor.getAllProcessInfo", 20);
        Assert.True(manyAnswer > 90 * fewAnswer, $"answers of {fewAnswer} and {manyAnswer} bytes");
        // A record per process (48 bytes) and a copied list were 56 KB per call at 1000 programs.
        Assert.True(manyBytes - fewBytes < 1000, $"{fewBytes} bytes per call at 10 programs, {manyBytes} at 1000");
    }
}
