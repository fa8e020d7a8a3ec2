using SuperNet.Ctl.Commands;
using SuperNet.Ctl.Rpc;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Shell;

/// <summary>
/// Tab completion as supervisorctl offers it: command words first, then group names after
/// add/remove/update, process names (and `group:*`) after the process commands. Process information is
/// fetched once per command line, since a single Tab may ask several times.
/// </summary>
internal sealed class Completer(Controller ctl)
{
    /// <summary>Characters that end the word being completed: readline's defaults without ':', '*' and '-'.</summary>
    public const string Delimiters = " \t\n\"\\'`@$><=;|&{(";

    private IReadOnlyList<XmlRpcStruct>? infos;

    public void Forget() => infos = null;

    public IReadOnlyList<string> Complete(string text, string line)
    {
        if (line.Trim().Length == 0)
        {
            return Actions(text);
        }

        var words = Words.Split(line);
        var action = words[0];
        if (words.Length == 1 && !line.EndsWith(' '))
        {
            return Actions(text);
        }

        // Upstream tests `action in ('help')`, a substring test on the string "help"; kept for parity.
        if ("help".Contains(action, StringComparison.Ordinal))
        {
            return Actions(text);
        }

        try
        {
            return action switch
            {
                "add" or "remove" or "update" => Groups(text),
                "clear" or "fg" or "pid" or "restart" or "signal" or "start" or "status" or "stop" or "tail" => Processes(text),
                _ => [],
            };
        }
        catch (Exception e) when (e is RpcFaultException or Net.ConnectException or Net.HttpStatusException or IOException)
        {
            return [];
        }
    }

    private string[] Actions(string text) =>
        (ctl.Settings.UnderOwnName ? CommandTable.Vocabulary.Concat(CommandTable.SuperNetCommands) : CommandTable.Vocabulary)
            .Where(a => a.StartsWith(text, StringComparison.Ordinal)).Select(a => a + " ").Distinct().ToArray();

    private string[] Groups(string text) =>
        Infos().Select(i => i.Str("group")).Distinct().Where(g => g.StartsWith(text, StringComparison.Ordinal)).Select(g => g + " ").ToArray();

    private string[] Processes(string text)
    {
        var names = new List<string>();
        foreach (var info in Infos())
        {
            var group = info.Str("group");
            var name = info.Str("name");
            if (text.Contains(':') || name != group)
            {
                names.Add(group + ":" + name);
                if (!names.Contains(group + ":*"))
                {
                    names.Add(group + ":*");
                }
            }
            else
            {
                names.Add(name);
            }
        }

        return names.Where(n => n.StartsWith(text, StringComparison.Ordinal)).Select(n => n + " ").ToArray();
    }

    private IReadOnlyList<XmlRpcStruct> Infos() => infos ??= ctl.Client.CallList("supervisor.getAllProcessInfo");
}
