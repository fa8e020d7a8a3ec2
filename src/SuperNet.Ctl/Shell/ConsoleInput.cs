using SuperNet.Ctl.Commands;

namespace SuperNet.Ctl.Shell;

/// <summary>
/// Reads the user's lines: through the line editor when stdin is a terminal, otherwise plain lines
/// from stdin with the prompt still written to stdout (as Python's input() does).
/// </summary>
internal sealed class ConsoleInput(TextWriter output, TextWriter errors, History history) : IUserInput
{
    private TextReader? plain;

    private bool? isTerminal;

    // Asked only when a command reads input: a one-shot command that never does skips the console's set-up.
    public bool IsTerminal => isTerminal ??= !Console.IsInputRedirected;

    public Func<string, string, IReadOnlyList<string>>? Complete { get; set; }

    private bool edited;

    public string InterruptEcho => edited ? "^C" : "";

    public string? ReadLine(string prompt)
    {
        if (IsTerminal)
        {
            edited = true;
            return new LineEditor(output, history, Complete).ReadLine(prompt);
        }

        output.Write(prompt);
        output.Flush();
        plain ??= new StreamReader(Console.OpenStandardInput(), System.Text.Encoding.UTF8, false, 4096);
        return plain.ReadLine();
    }

    public string? ReadSecret(string prompt)
    {
        if (!IsTerminal)
        {
            // Without a terminal the password prompt goes to stderr, as Python's getpass falls back to.
            errors.Write(prompt);
            errors.Flush();
            return ReadLine("");
        }

        edited = true;
        return new LineEditor(output, history, null).ReadLine(prompt, echo: false);
    }
}
