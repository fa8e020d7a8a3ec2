namespace SuperNet.Ctl.Cli;

/// <summary>The -h text.</summary>
internal static class Usage
{
    public static string Text(string program) => $"""
        supernetctl -- control the programs run by supervisord or supernetd from the command line.

        Usage: {program} [options] [action [arguments]]

        Options:
        -c/--configuration FILENAME -- configuration file path (searched for if not given)
        -h/--help -- print this usage message and exit
        -i/--interactive -- start an interactive shell after executing commands
        -s/--serverurl URL -- URL on which the server is listening
             (default "http://localhost:9001").
        -u/--username USERNAME -- username to use for authentication with the server
        -p/--password PASSWORD -- password to use for authentication with the server
        -r/--history_file FILE -- keep a line history of the interactive shell in FILE
        --json -- print the results of status, pid, start, stop, restart, signal, clear,
             avail, reread, update, add, remove, version, tail, maintail and health
             as one JSON document (not tail -f or maintail -f)

        action [arguments] -- see below

        Actions are commands like "tail" or "stop".  If -i is specified or no action is
        specified on the command line, a shell interpreting actions typed interactively
        is started.  Use the action "help" to list the available actions.


        """;
}
