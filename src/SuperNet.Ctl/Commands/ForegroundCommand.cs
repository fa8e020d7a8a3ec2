using SuperNet.Core.Supervision;
using SuperNet.Core.Processes;
using SuperNet.Ctl.Net;
using SuperNet.Ctl.Rpc;

namespace SuperNet.Ctl.Commands;

/// <summary>
/// fg: streams the process's stdout and stderr logs while every line typed is sent to its stdin;
/// leaves on Ctrl-C, end of input, or when the process stops running.
/// </summary>
internal static class ForegroundCommand
{
    public static bool Run(Controller ctl, string argument)
    {
        if (!ctl.Upcheck())
        {
            return false;
        }

        var names = Words.Split(argument);
        if (names.Length == 0)
        {
            return ctl.ArgumentError("fg", "ERROR: no process name supplied");
        }

        if (names.Length > 1)
        {
            ctl.Say("ERROR: too many process names supplied");
            ctl.ExitStatus = ExitCodes.Generic;
            return false;
        }

        var name = names[0];
        try
        {
            if (ctl.Client.Call("supervisor.getProcessInfo", name).AsStruct().Int("state") != (long)ProcessState.Running)
            {
                ctl.Say("ERROR: process not running");
                ctl.ExitStatus = ExitCodes.Generic;
                return false;
            }
        }
        catch (RpcFaultException e)
        {
            if (e.Code == Fault.BadName)
            {
                ctl.Say("ERROR: bad process name supplied");
                ctl.ExitStatus = ExitCodes.Generic;
            }
            else
            {
                ctl.Say("ERROR: " + e.PythonText);
            }

            return false;
        }

        ctl.Say("==> Press Ctrl-C to exit <==");
        ctl.Out.Flush();
        var url = ServerUrl.Parse(ctl.Settings.ServerUrl);
        var streamers = new[]
        {
            new LogStreamer(url, $"/logtail/{name}/stdout", ctl.Settings.Username, ctl.Settings.Password),
            new LogStreamer(url, $"/logtail/{name}/stderr", ctl.Settings.Username, ctl.Settings.Password),
        };
        var gate = new object();
        var threads = streamers.Select(s => new Thread(() => s.Run(
            data =>
            {
                lock (gate)
                {
                    ctl.RawOut.Write(data);
                    ctl.RawOut.Flush();
                }
            },
            ctl.Stderr)) { IsBackground = true }).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        void StopStreams()
        {
            foreach (var streamer in streamers)
            {
                streamer.Stop();
            }
        }

        var left = 0;
        void Leave(string echo)
        {
            if (Interlocked.Exchange(ref left, 1) != 0)
            {
                return;
            }

            StopStreams();
            lock (gate)
            {
                ctl.Out.Write(echo);
                ctl.Say("Exiting foreground");
                ctl.Out.Flush();
            }
        }

        using var sigint = Cli.Interrupts.Push(() =>
        {
            Leave(ctl.Input.InterruptEcho);
            if (!ctl.Input.IsTerminal)
            {
                // A blocking read of a pipe cannot be interrupted: leave the program from here.
                Environment.Exit(ctl.Settings.Interactive ? 0 : ctl.ExitStatus);
            }
        });

        while (Volatile.Read(ref left) == 0)
        {
            string? line;
            try
            {
                line = ctl.Input.ReadLine("");
            }
            catch (Shell.InterruptedException)
            {
                // Ctrl-C typed while the line editor owns the terminal.
                Leave("");
                break;
            }

            if (line is null)
            {
                Leave("");
                break;
            }

            try
            {
                ctl.Client.Call("supervisor.sendProcessStdin", name, line + "\n");
            }
            catch (RpcFaultException e)
            {
                ctl.Say(e.Code == Fault.NotRunning ? "Process got killed" : "ERROR: " + e.PythonText);
                Leave("");
                break;
            }

            if (ctl.Client.Call("supervisor.getProcessInfo", name).AsStruct().Int("state") != (long)ProcessState.Running)
            {
                ctl.Say("Process got killed");
                Leave("");
                break;
            }
        }

        StopStreams();
        return false;
    }
}
