using SuperNet.Core.Supervision;
using SuperNet.Ctl.Cli;
using SuperNet.Ctl.Net;
using SuperNet.Ctl.Rpc;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Commands;

/// <summary>reload, shutdown, open, version, help and the shell's quit/exit/EOF.</summary>
internal static class ServerCommands
{
    public static bool Shutdown(Controller ctl, string argument)
    {
        if (ConfigCommands.NoArguments(ctl, "shutdown", argument) || !Confirmed(ctl, "Really shut the remote supervisord process down y/N? "))
        {
            return false;
        }

        try
        {
            ctl.Client.Call("supervisor.shutdown");
        }
        catch (RpcFaultException e)
        {
            if (e.Code != Fault.ShutdownState)
            {
                ctl.ExitStatus = ExitCodes.Generic;
                throw;
            }

            ctl.Say("ERROR: already shutting down");
            return false;
        }
        catch (ConnectException e)
        {
            ctl.ExitStatus = ExitCodes.Generic;
            var problem = e.Errno switch
            {
                ConnectException.ECONNREFUSED => "refused connection",
                ConnectException.ENOENT => "no such file",
                _ => null,
            };
            if (problem is null)
            {
                throw;
            }

            ctl.Say($"ERROR: {ctl.Settings.ServerUrl} {problem} (already shut down?)");
            return false;
        }

        ctl.Say("Shut down");
        return false;
    }

    public static bool Reload(Controller ctl, string argument)
    {
        if (ConfigCommands.NoArguments(ctl, "reload", argument) || !Confirmed(ctl, "Really restart the remote supervisord process y/N? "))
        {
            return false;
        }

        try
        {
            ctl.Client.Call("supervisor.restart");
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

        ctl.Say("Restarted supervisord");
        return false;
    }

    public static bool Open(Controller ctl, string argument)
    {
        var url = Words.Strip(argument);
        if (Net.PythonUrlSplit.NetlocError(url) is { } invalid)
        {
            throw new Net.UrlException(invalid, url);
        }

        if (CommandLine.UrlScheme(url, out _) is not ("unix" or "http"))
        {
            ctl.Say("ERROR: url must be http:// or unix://");
            ctl.ExitStatus = ExitCodes.Generic;
            return false;
        }

        ctl.Settings.ServerUrl = url;
        ctl.Reconnect();
        var kept = ctl.ExitStatus;
        ProcessCommands.Status(ctl, "");
        ctl.ExitStatus = kept;
        return false;
    }

    public static bool Version(Controller ctl, string argument)
    {
        if (ConfigCommands.NoArguments(ctl, "version", argument) || !ctl.Upcheck())
        {
            return false;
        }

        var version = ctl.Client.Call("supervisor.getSupervisorVersion");
        if (ctl.Settings.Json)
        {
            ctl.JsonResult = new XmlRpcStruct([new("version", version)]);
            return false;
        }

        ctl.Out.WriteLine(Core.SuperNetVersion.Line(Output.PyStr.Of(version), ctl.Settings.ProgramPath, "supernetctl"));
        return false;
    }

    public static bool Help(Controller ctl, string argument)
    {
        if (argument.Length == 0)
        {
            ctl.Out.Write(HelpTexts.Topics);
            if (ctl.Settings.UnderOwnName)
            {
                ctl.Out.Write(HelpTexts.SuperNetTopics);
            }
            return false;
        }

        ctl.Out.WriteLine(HelpTexts.For(argument) ?? "*** No help on " + argument);
        return false;
    }

    public static bool Quit(Controller ctl, string argument)
    {
        ctl.Say("");
        return true;
    }

    /// <summary>Only an interactive session asks; any answer starting with y or Y confirms, and no answer at all
    /// (end of input) is supervisorctl's EOFError rather than a no.</summary>
    private static bool Confirmed(Controller ctl, string question) =>
        !ctl.Settings.Interactive
        || (ctl.Input.ReadLine(question) ?? throw new EndOfInputException("EOF when reading a line")).StartsWith("y", StringComparison.OrdinalIgnoreCase);
}
