namespace SuperNet.Ctl.Commands;

/// <summary>Questions a command asks the user (confirmations, credentials, fg's input lines).</summary>
internal interface IUserInput
{
    /// <summary>True when lines come from a terminal through the line editor (Ctrl-C arrives as a key).</summary>
    bool IsTerminal { get; }

    /// <summary>Prints the prompt and reads a line without its newline; null at end of input.</summary>
    string? ReadLine(string prompt);

    /// <summary>Like ReadLine without echoing what is typed.</summary>
    string? ReadSecret(string prompt);

    /// <summary>
    /// What the terminal would have echoed for Ctrl-C: "^C" once the line editor has taken the
    /// terminal's echo over (the runtime leaves it off between reads), otherwise nothing.
    /// </summary>
    string InterruptEcho { get; }
}
