namespace SuperNet.Core.Processes;

/// <summary>
/// shlex-style splitting of a command line (contract §4.14). The config code owns the real splitter
/// (CommandSplitter.Split); the host adapts it to this interface, so the engine does not depend on it.
/// </summary>
public interface ICommandSplitter
{
    /// <summary>False with the reason (e.g. "No closing quotation") when the command cannot be split.</summary>
    bool TrySplit(string command, out IReadOnlyList<string> words, out string error);
}
