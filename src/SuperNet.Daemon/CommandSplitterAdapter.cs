using SuperNet.Core.Config;
using SuperNet.Core.Processes;

namespace SuperNet.Daemon;

/// <summary>Gives the engine the config reader's shlex splitter without a dependency between the two.</summary>
internal sealed class CommandSplitterAdapter : ICommandSplitter
{
    public bool TrySplit(string command, out IReadOnlyList<string> words, out string error)
    {
        try
        {
            words = CommandSplitter.Split(command);
            error = "";
            return true;
        }
        catch (CommandSplitException e)
        {
            words = [];
            error = e.Reason;
            return false;
        }
    }
}
