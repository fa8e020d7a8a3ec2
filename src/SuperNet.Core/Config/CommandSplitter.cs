using System.Text;
using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Config;

/// <summary>A command that cannot be split; Message is supervisord's full spawn error text.</summary>
public sealed class CommandSplitException(string command, string reason)
    : Exception($"can't parse command {PyText.Repr(command)}: {reason}")
{
    /// <summary>"No closing quotation" or "No escaped character".</summary>
    public string Reason { get; } = reason;
}

/// <summary>Splits command= like Python's shlex.split (POSIX rules, no shell features; contract §4.14).</summary>
public static class CommandSplitter
{
    public static IReadOnlyList<string> Split(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;      // a word is open (possibly empty, after "")
        char? quote = null;
        int i = 0;
        while (i < command.Length)
        {
            char c = command[i++];
            if (quote is char q)
            {
                if (c == q) { quote = null; continue; }
                if (q == '"' && c == '\\')
                {
                    if (i >= command.Length) throw new CommandSplitException(command, "No escaped character");
                    char escaped = command[i++];
                    if (escaped is not ('"' or '\\')) word.Append('\\');
                    word.Append(escaped);
                    continue;
                }
                word.Append(c);
                continue;
            }
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            if (c is '"' or '\'') quote = c;
            else if (c == '\\')
            {
                if (i >= command.Length) throw new CommandSplitException(command, "No escaped character");
                word.Append(command[i++]);
            }
            else word.Append(c);
        }
        if (quote is not null) throw new CommandSplitException(command, "No closing quotation");
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
