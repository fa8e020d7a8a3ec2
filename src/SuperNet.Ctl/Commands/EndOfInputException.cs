namespace SuperNet.Ctl.Commands;

/// <summary>
/// Input ended where a command needed an answer: Python's EOFError, which supervisorctl reports as an
/// unexpected error (the message is input()'s "EOF when reading a line", or empty from getpass).
/// </summary>
internal sealed class EndOfInputException(string message) : Exception(message);
