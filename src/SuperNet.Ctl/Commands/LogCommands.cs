using SuperNet.Core.Supervision;
using System.Globalization;
using System.Numerics;
using SuperNet.Core.Logging;
using SuperNet.Ctl.Net;
using SuperNet.Ctl.Rpc;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Commands;

/// <summary>tail and maintail, once or following (-f).</summary>
internal static class LogCommands
{
    private const int DefaultBytes = 1600;

    public static bool Tail(Controller ctl, string argument)
    {
        if (!ctl.Upcheck())
        {
            return false;
        }

        var args = Words.Split(argument).ToList();
        if (args.Count < 1 || args.Count > 3)
        {
            return ctl.ArgumentError("tail", args.Count < 1 ? "Error: too few arguments" : "Error: too many arguments");
        }

        string? modifier = null;
        if (args[0].StartsWith('-'))
        {
            modifier = args[0];
            args.RemoveAt(0);
        }

        string name;
        var channel = "stdout";
        if (args.Count == 1)
        {
            name = args[0];
        }
        else if (args.Count > 1)
        {
            name = args[0];
            channel = args[^1].ToLowerInvariant();
            if (channel is not ("stderr" or "stdout"))
            {
                ctl.Say($"Error: bad channel {PythonRepr.Str(channel)}");
                ctl.ExitStatus = ExitCodes.Generic;
                return false;
            }
        }
        else
        {
            ctl.Say("Error: tail requires process name");
            ctl.ExitStatus = ExitCodes.Generic;
            return false;
        }

        BigInteger bytes = DefaultBytes;
        if (modifier is not null)
        {
            var what = modifier[1..];
            if (what == "f")
            {
                if (RefuseJsonFollow(ctl))
                {
                    return false;
                }
                Follow(ctl, $"/logtail/{name}/{channel}");
                return false;
            }

            if (!TryByteCount(what, out bytes))
            {
                ctl.Say("Error: bad argument " + modifier);
                ctl.ExitStatus = ExitCodes.Generic;
                return false;
            }
        }

        var method = channel == "stdout" ? "supervisor.readProcessStdoutLog" : "supervisor.readProcessStderrLog";
        PrintTail(ctl, name, bytes, offset => ctl.Client.Call(method, name, offset, 0), namesProcess: true, channel);
        return false;
    }

    public static bool MainTail(Controller ctl, string argument)
    {
        if (!ctl.Upcheck())
        {
            return false;
        }

        var args = Words.Split(argument);
        BigInteger bytes = DefaultBytes;
        if (args.Length > 1)
        {
            return ctl.ArgumentError("maintail", "Error: too many arguments");
        }

        if (args.Length == 1)
        {
            if (args[0] == "-f")
            {
                if (RefuseJsonFollow(ctl))
                {
                    return false;
                }
                Follow(ctl, "/mainlogtail");
                return false;
            }

            if (!args[0].StartsWith('-') || !TryByteCount(args[0][1..], out bytes))
            {
                ctl.Say("Error: bad argument " + args[0]);
                ctl.ExitStatus = ExitCodes.Generic;
                return false;
            }
        }

        PrintTail(ctl, "supervisord", bytes, offset => ctl.Client.Call("supervisor.readLog", offset, 0), namesProcess: false);
        return false;
    }

    /// <summary>tail and maintail without -f: the last bytes of a log, or "who: ERROR (problem)" for the faults
    /// supervisorctl names (BAD_NAME only where a process is named).</summary>
    private static void PrintTail(Controller ctl, string who, BigInteger bytes, Func<int, XmlRpcValue> read, bool namesProcess, string? channel = null)
    {
        // xmlrpc.client refuses to send an int beyond 32 bits; supervisorctl reports its OverflowError.
        var offset = -bytes;
        if (offset < int.MinValue || offset > int.MaxValue)
        {
            throw new XmlRpcIntLimitException();
        }

        try
        {
            var text = read((int)offset).AsString();
            if (ctl.Settings.Json)
            {
                ctl.JsonResult = Output.JsonResults.Tail(who, channel, text);
                return;
            }
            ctl.Out.WriteLine(text);
        }
        catch (RpcFaultException e)
        {
            ctl.ExitStatus = ExitCodes.Generic;
            var problem = e.Code switch
            {
                Fault.NoFile => "no log file",
                Fault.Failed => "unknown error reading log",
                Fault.BadName when namesProcess => "no such process name",
                _ => null,
            };
            if (problem is null)
            {
                throw;
            }

            ctl.Say($"{who}: ERROR ({problem})");
        }
    }

    /// <summary>-f streams raw log bytes, which one JSON document cannot hold: refused like other commands without --json.</summary>
    private static bool RefuseJsonFollow(Controller ctl)
    {
        if (!ctl.Settings.Json)
        {
            return false;
        }
        ctl.Stderr.WriteLine("Error: --json is not supported by -f (the stream is the log's own bytes)");
        ctl.ExitStatus = ExitCodes.InvalidArgs;
        return true;
    }

    /// <summary>Streams a log until the server ends it or the user presses Ctrl-C (then a blank line).</summary>
    public static void Follow(Controller ctl, string path)
    {
        ctl.Say("==> Press Ctrl-C to exit <==");
        ctl.Out.Flush();
        var streamer = new LogStreamer(ServerUrl.Parse(ctl.Settings.ServerUrl), path, ctl.Settings.Username, ctl.Settings.Password);
        var interrupted = false;
        using (Cli.Interrupts.Push(() =>
        {
            interrupted = true;
            streamer.Stop();
        }))
        {
            var raw = ctl.RawOut;
            streamer.Run(
                data =>
                {
                    raw.Write(data);
                    raw.Flush();
                },
                ctl.Stderr);
        }

        if (interrupted)
        {
            ctl.Say(ctl.Input.InterruptEcho);
        }
    }

    /// <summary>N of "-N" as supervisorctl reads it: Python's int(), of any width (4300 digits at most).</summary>
    private static bool TryByteCount(string text, out BigInteger bytes) =>
        PythonInt.Parse(text, out bytes, out _) == PythonInt.Outcome.Value;
}
