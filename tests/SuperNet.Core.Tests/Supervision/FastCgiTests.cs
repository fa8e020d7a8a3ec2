using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;

namespace SuperNet.Core.Tests.Supervision;

/// <summary>
/// An [fcgi-program:x] group's socket, counted as supervisord's socket manager counts it: made and closed once
/// at group creation, made again by the first spawn, shared by every process, closed after the last exit.
/// </summary>
public sealed class FastCgiTests
{
    private const string Url = "tcp://127.0.0.1:9000";

    private sealed class FakeSockets : IFastCgiSocketFactory
    {
        public List<SafeHandle> Made { get; } = [];
        public string? Failure { get; set; }

        public SafeHandle Listen(FastCgiOptions options)
        {
            if (Failure is { } failure)
            {
                throw new FastCgiSocketException(failure);
            }
            var handle = new SafeFileHandle(1000 + Made.Count, ownsHandle: false);
            Made.Add(handle);
            return handle;
        }
    }

    private static GroupConfig Fcgi(params ProcessConfig[] processes) => new()
    {
        Name = "fc",
        Kind = GroupKind.FastCgi,
        Processes = processes,
        FastCgi = new FastCgiOptions { Socket = Url },
    };

    private static ProcessConfig Quick(string name) => Rig.Program(name) with { StartSecs = 0 };

    [Fact]
    public async Task Every_process_gets_the_same_socket_and_the_last_exit_closes_it()
    {
        var sockets = new FakeSockets();
        await using var rig = new Rig(sockets, Fcgi(Quick("fc_0"), Quick("fc_1")));
        await rig.Sync();
        Assert.Equal(2, sockets.Made.Count);
        Assert.True(sockets.Made[0].IsClosed);
        Assert.All(rig.Spawner.Requests, r => Assert.Same(sockets.Made[1], r.Stdin));

        await rig.ExitCode("fc:fc_0", 0);
        Assert.False(sockets.Made[1].IsClosed);
        await rig.ExitCode("fc:fc_1", 0);
        Assert.True(sockets.Made[1].IsClosed);
        Assert.Equal(
            [$"INFO Creating socket {Url}", $"INFO Closing socket {Url}", $"INFO Creating socket {Url}",
             "INFO spawned: 'fc_0' with pid 100", "INFO spawned: 'fc_1' with pid 101", "INFO exited: fc_0 (exit status 0; expected)",
             "INFO exited: fc_1 (exit status 0; expected)", $"INFO Closing socket {Url}"],
            rig.Log.Matching("Creating socket", "Closing socket", "spawned", "exited"));
    }

    [Fact]
    public async Task A_spawn_that_fails_gives_its_hold_back()
    {
        var sockets = new FakeSockets();
        await using var rig = new Rig(sockets, Fcgi(Rig.Program("fc", "/nonexistent/cmd")));
        await rig.Sync();
        Assert.True(sockets.Made.All(s => s.IsClosed));
        Assert.Equal(
            [$"INFO Creating socket {Url}", $"INFO Closing socket {Url}", $"INFO Creating socket {Url}",
             "INFO spawnerr: can't find command '/nonexistent/cmd'", $"INFO Closing socket {Url}"],
            rig.Log.Matching("Creating socket", "Closing socket", "spawnerr").Take(5));
    }

    [Fact]
    public void A_socket_that_cannot_be_made_fails_the_group_with_supervisords_text()
    {
        var sockets = new FakeSockets { Failure = "[Errno 98] Address already in use" };
        var error = Assert.Throws<FastCgiSocketException>(() => new Rig(sockets, Fcgi(Quick("fc"))));
        Assert.Equal($"Could not create FastCGI socket {Url}: [Errno 98] Address already in use", error.Message);
    }

    [Fact]
    public async Task A_group_added_later_whose_socket_cannot_be_made_is_a_FAILED_fault_and_not_added()
    {
        var sockets = new FakeSockets();
        await using var rig = new Rig(sockets);
        await rig.Sync();
        sockets.Failure = "[Errno 13] Permission denied";
        var outcome = await rig.Supervisor.AddGroupAsync(Fcgi(Quick("fc")));
        Assert.Equal(Outcome.Of(Fault.Failed, $"Could not create FastCGI socket {Url}: [Errno 13] Permission denied"), outcome);
        Assert.Empty(await rig.Supervisor.InvokeAsync(() => rig.Supervisor.Groups.ToList()));
    }

    [Fact]
    public async Task A_socket_lost_after_start_up_is_a_spawn_error()
    {
        var sockets = new FakeSockets();
        await using var rig = new Rig(sockets, Fcgi(Quick("fc") with { AutoStart = false }));
        await rig.Sync();
        sockets.Failure = "[Errno 98] Address already in use";
        await rig.Supervisor.StartProcessAsync("fc:fc", wait: false);
        await rig.Sync();
        Assert.Equal(ProcessState.Backoff, await rig.State("fc:fc"));
        Assert.Contains($"INFO spawnerr: Could not create FastCGI socket {Url}: [Errno 98] Address already in use", rig.Log.Matching("spawnerr"));
        Assert.Empty(rig.Spawner.Requests);
    }
}
