namespace SuperNet.Ctl.Commands;

/// <summary>Questions a command asks the user (confirmations, credentials, fg's input lines).</summary>
internal interface IUserInput
{
    /// <summary>Prints the prompt and reads a line without its newline; null at end of input.</summary>
    string? ReadLine(string prompt);

    /// <summary>Like ReadLine without echoing what is typed.</summary>
    string? ReadSecret(string prompt);
}
