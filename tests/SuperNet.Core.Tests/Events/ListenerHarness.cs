using System.IO.Pipes;
using System.Text;
using Microsoft.Win32.SafeHandles;
using System.Text.RegularExpressions;
using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Tests.Supervision;

namespace SuperNet.Core.Tests.Events;

/// <summary>
/// A <see cref="Rig"/> whose listener processes get real files as stdin (to read the envelopes sent) and
/// whose stdout sinks the test feeds as the pump would.
/// </summary>
internal sealed partial class ListenerHarness : IAsyncDisposable
{
    public const string ListenerCommand = "/bin/cat";
    private readonly string dir = Directory.CreateTempSubdirectory("supernet-listener-").FullName;
    private readonly List<(string Stdin, int SinkIndex)> spawns = [];

    public ListenerHarness(params GroupConfig[] groups)
    {
        Rig = new Rig(groups);
        Rig.Spawner.PipesFor = request =>
        {
            if (request.Path != ListenerCommand)
            {
                lock (Rig.Pump.Added)
                {
                    OtherSinkIndex = Rig.Pump.Added.Count;
                }
                return new ChildPipes(File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write), File.OpenHandle("/dev/null"), null);
            }
            var stdin = Path.Combine(dir, $"stdin-{spawns.Count}");
            var broken = BrokenStdin.Contains(spawns.Count);
            lock (Rig.Pump.Added)
            {
                spawns.Add((stdin, Rig.Pump.Added.Count));
            }
            File.WriteAllText(stdin, "");
            return new ChildPipes(broken ? BrokenPipe() : File.OpenHandle(stdin, FileMode.Open, FileAccess.Write), File.OpenHandle("/dev/null"), null);
        };
    }

    public Rig Rig { get; }

    /// <summary>Spawns (by index) whose stdin is a pipe nobody reads: writes fail with EPIPE.</summary>
    public HashSet<int> BrokenStdin { get; } = [];

    /// <summary>Where the stdout sink of the last spawn of another program is in the pump's list.</summary>
    public int OtherSinkIndex { get; private set; } = -1;

    private static SafeFileHandle BrokenPipe()
    {
        using var reader = new AnonymousPipeServerStream(PipeDirection.In);
        return PipeEnds.Take(reader);
    }

    public static ProcessConfig Listener(string name = "listener", int startSecs = 0) => new()
    {
        Name = name,
        ProgramName = "pool",
        Section = "eventlistener:pool",
        Command = ListenerCommand,
        Priority = -1,
        StartSecs = startSecs,
    };

    public static GroupConfig Pool(int bufferSize, string[] events, params ProcessConfig[] listeners) => new()
    {
        Name = "pool",
        Priority = -1,
        Kind = GroupKind.EventListener,
        Processes = listeners.Length == 0 ? [Listener()] : listeners,
        Listener = new EventListenerOptions { Events = events, BufferSize = bufferSize },
    };

    /// <summary>What the listener of spawn <paramref name="spawn"/> writes on stdout.</summary>
    public async Task Say(int spawn, string text)
    {
        IOutputSink sink;
        lock (Rig.Pump.Added)
        {
            sink = Rig.Pump.Added[spawns[spawn].SinkIndex].Sink;
        }
        sink.OnData(Encoding.UTF8.GetBytes(text));
        await Rig.Sync();
    }

    public int Spawns => spawns.Count;

    /// <summary>The envelopes (header line and payload) written so far to the stdin of spawn <paramref name="spawn"/>.</summary>
    public IReadOnlyList<(string Header, string Payload)> Received(int spawn)
    {
        var text = File.ReadAllText(spawns[spawn].Stdin);
        var result = new List<(string, string)>();
        var at = 0;
        while (at < text.Length)
        {
            var end = text.IndexOf('\n', at);
            var header = text[at..end];
            var length = int.Parse(LengthField().Match(header).Groups[1].Value);
            result.Add((header, text.Substring(end + 1, length)));
            at = end + 1 + length;
        }
        return result;
    }

    /// <summary>Waits (stdin is written off the supervisor thread) until spawn <paramref name="spawn"/> has <paramref name="count"/> envelopes.</summary>
    public async Task<IReadOnlyList<(string Header, string Payload)>> WaitReceived(int spawn, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var received = Received(spawn);
            if (received.Count >= count)
            {
                Assert.Equal(count, received.Count);
                return received;
            }
            Assert.True(DateTime.UtcNow < deadline, $"spawn {spawn} got {received.Count} of {count} envelopes");
            await Task.Delay(5);
        }
    }

    /// <summary>Answers OK and READY to each event in turn until <paramref name="count"/> have come; returns their event names.</summary>
    public async Task<List<string>> Drain(int spawn, int count)
    {
        await Say(spawn, "READY\n");
        for (var i = 1; i <= count; i++)
        {
            await WaitReceived(spawn, i);
            await Say(spawn, "RESULT 2\nOKREADY\n");
        }
        return [.. Received(spawn).Select(e => Field(e.Header, "eventname"))];
    }

    public static string Field(string header, string name) =>
        header.Split(' ').Single(f => f.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..];

    [GeneratedRegex(@" len:(\d+)$")]
    private static partial Regex LengthField();

    public async ValueTask DisposeAsync()
    {
        await Rig.DisposeAsync();
        Directory.Delete(dir, recursive: true);
    }
}
