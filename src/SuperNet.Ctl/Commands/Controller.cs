using SuperNet.Core.Supervision;
using SuperNet.Ctl.Cli;
using SuperNet.Ctl.Net;
using SuperNet.Ctl.Rpc;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Commands;

/// <summary>
/// Runs command lines the way supervisorctl's shell does: parses the command word, dispatches, turns
/// authentication and unexpected errors into supervisorctl's messages, and keeps the sticky exit status.
/// </summary>
internal sealed partial class Controller(ClientSettings settings, TextWriter stdout, TextWriter stderr, IUserInput input) : IDisposable
{
    private SupervisorClient? client;

    public ClientSettings Settings { get; } = settings;

    public int ExitStatus { get; set; }

    /// <summary>Results: the table, the pid, the log text. In --json mode only the JSON document.</summary>
    public TextWriter Out { get; } = stdout;

    /// <summary>Everything else; stderr in --json mode so stdout stays one parseable document.</summary>
    public TextWriter Messages => Settings.Json ? Stderr : Out;

    public TextWriter Stderr { get; } = stderr;

    /// <summary>stdout as bytes, for log streams copied as received; flush Out before writing to it.</summary>
    public Stream RawOut { get; init; } = Stream.Null;

    public IUserInput Input { get; } = input;

    /// <summary>Set by a command that has a structured result; written after the command in --json mode.</summary>
    public XmlRpcValue? JsonResult { get; set; }

    public SupervisorClient Client =>
        client ??= new SupervisorClient(new RpcConnection(ServerUrl.Parse(Settings.ServerUrl), Settings.Username, Settings.Password));

    /// <summary>Drops the connection so the next call uses the current URL and credentials.</summary>
    public void Reconnect()
    {
        client?.Dispose();
        client = null;
    }

    public void Say(string line) => Messages.WriteLine(line);

    /// <summary>supervisorctl's answer to a command given the wrong arguments: the error, then the command's help.</summary>
    /// <returns>false, so that a handler can return it: the shell goes on.</returns>
    public bool ArgumentError(string command, string error, int exitStatus = ExitCodes.Generic)
    {
        Say(error);
        Say(HelpTexts.For(command)!);
        ExitStatus = exitStatus;
        return false;
    }

    /// <summary>Runs one line; true when the shell should end (quit, exit, EOF).</summary>
    public bool OneCommand(string line)
    {
        var (command, argument, stripped) = ParseLine(line);
        if (stripped.Length == 0)
        {
            return false;
        }

        if (string.IsNullOrEmpty(command) || !CommandTable.TryGet(command, out var handler))
        {
            Say("*** Unknown syntax: " + stripped);
            ExitStatus = ExitCodes.Generic;
            return false;
        }

        JsonResult = null;
        if (Settings.Json && !CommandTable.SupportsJson(command))
        {
            Stderr.WriteLine($"Error: --json is not supported by {command}");
            ExitStatus = ExitCodes.InvalidArgs;
            return false;
        }

        try
        {
            try
            {
                var stop = handler(this, argument);
                WriteJson();
                return stop;
            }
            catch (HttpStatusException e) when (e.Status == 401)
            {
                Say("Server requires authentication");
                if (Settings.Interactive)
                {
                    Settings.Username = Input.ReadLine("Username:") ?? throw new EndOfInputException("EOF when reading a line");
                    Settings.Password = Input.ReadSecret("Password:") ?? throw new EndOfInputException("");
                    Say("");
                    Reconnect();
                    return OneCommand(line);
                }

                ExitStatus = ExitCodes.Generic;
            }
            catch (HttpStatusException)
            {
                ExitStatus = ExitCodes.Generic;
                throw;
            }

            // Upstream runs the command a second time after reporting a 401 in one-shot mode; its
            // second failure is what prints the error line.
            handler(this, argument);
            WriteJson();
        }
        catch (OutOfMemoryException)
        {
            // A server's answer too big to hold (its allocation failed, so there is memory for one line): Python's
            // MemoryError, which supervisorctl reports like any other error.
            Say("error: <class 'MemoryError'>, : file: supernetctl line: 0");
            ExitStatus = ExitCodes.Generic;
        }
        catch (Exception e) when (e is not Shell.InterruptedException)
        {
            Say(ErrorLine(e));
            ExitStatus = ExitCodes.Generic;
        }

        return false;
    }

    private void WriteJson()
    {
        if (Settings.Json && JsonResult is not null)
        {
            Output.JsonWriter.Write(Out, JsonResult);
            JsonResult = null;
        }
    }

    /// <summary>
    /// The getVersion check most commands start with; false (with the message printed and the status set)
    /// when the server cannot be used.
    /// </summary>
    public bool Upcheck()
    {
        try
        {
            var api = Client.Call("supervisor.getVersion");
            var version = Output.PyStr.Of(api);
            if (version != "3.0")
            {
                Say($"Sorry, this version of supervisorctl expects to talk to a server with API version 3.0, but the remote version is {version}.");
                ExitStatus = ExitCodes.NotInstalled;
                return false;
            }
        }
        catch (RpcFaultException e) when (e.Code == Fault.UnknownMethod)
        {
            Say("Sorry, supervisord responded but did not recognize the supervisor namespace commands that supervisorctl uses to control it.  Please check that the [rpcinterface:supervisor] section is enabled in the configuration file (see sample.conf).");
            ExitStatus = ExitCodes.UnimplementedFeature;
            return false;
        }
        catch (RpcFaultException)
        {
            ExitStatus = ExitCodes.Generic;
            throw;
        }
        catch (ConnectException e) when (e.Errno == ConnectException.ECONNREFUSED)
        {
            Say($"{Settings.ServerUrl} refused connection");
            ExitStatus = ExitCodes.InsufficientPrivileges;
            return false;
        }
        catch (ConnectException e) when (e.Errno == ConnectException.ENOENT)
        {
            Say($"{Settings.ServerUrl} no such file");
            ExitStatus = ExitCodes.NotRunning;
            return false;
        }
        catch (ConnectException)
        {
            ExitStatus = ExitCodes.Generic;
            throw;
        }

        return true;
    }

    /// <summary>
    /// Python's cmd.parseline: strip, `?` means help, the command is the leading run of identifier
    /// characters and the argument the stripped rest.
    /// </summary>
    internal static (string? Command, string Argument, string Line) ParseLine(string line)
    {
        line = Words.Strip(line);
        if (line.Length == 0)
        {
            return (null, "", line);
        }

        if (line[0] == '?')
        {
            line = "help " + line[1..];
        }
        else if (line[0] == '!')
        {
            return (null, "", line);
        }

        var i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '_'))
        {
            i++;
        }

        return (line[..i], Words.Strip(line[i..]), line);
    }

    /// <summary>
    /// supervisorctl's line for an unexpected error names the Python exception class; the same classes are
    /// named here so scripts matching on them keep working. The location part names the server URL for
    /// connection errors (there is no Python file to name).
    /// </summary>
    private string ErrorLine(Exception e)
    {
        (string Type, string Text, string Where) described = e switch
        {
            ConnectException c => (c.PythonClass, c.PythonText, c.Url),
            HttpStatusException h => ("xmlrpc.client.ProtocolError", h.Message, Settings.ServerUrl),
            RpcFaultException f => ("xmlrpc.client.Fault", f.PythonText, Settings.ServerUrl),
            UrlException u => ("ValueError", u.Message, u.Url),
            UnknownResultException r => ("ValueError", r.Message, Settings.ServerUrl),
            XmlRpcIntException i => ("ValueError", PythonIntErrors.Of(i), Settings.ServerUrl),
            XmlRpcIntLimitException l => ("OverflowError", l.Message, Settings.ServerUrl),
            XmlRpcParseException p => ("xml.parsers.expat.ExpatError", p.ExpatText ?? p.Message, Settings.ServerUrl),
            Net.HttpProtocolException { StatusLine: { } line } => ("http.client.BadStatusLine", line, Settings.ServerUrl),
            Net.HttpProtocolException { ClosedBeforeResponse: true } => ("http.client.RemoteDisconnected", "Remote end closed connection without response", Settings.ServerUrl),
            Net.HttpProtocolException p => ("http.client.HTTPException", p.Message, Settings.ServerUrl),
            Net.ContentLengthOverflowException o => ("OverflowError", o.Message, Settings.ServerUrl),
            IOException io => ("OSError", io.Message, Settings.ServerUrl),
            EndOfInputException eof => ("EOFError", eof.Message, "supernetctl"),
            // An answer lacking a member the command reads (a KeyError in supervisorctl).
            Net.PythonError p => (p.PythonClass, p.Message, "supernetctl"),
            // A value of another type than the command reads (a server answering an int where a list belongs):
            // Python fails on it with a TypeError too, in its own words.
            InvalidCastException c => ("TypeError", c.Message, Settings.ServerUrl),
            _ => (e.GetType().Name, e.Message, "supernetctl"),
        };
        return $"error: <class '{described.Type}'>, {described.Text}: file: {described.Where} line: 0";
    }

    public void Dispose() => client?.Dispose();
}
