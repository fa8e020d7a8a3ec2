namespace SuperNet.Ctl.Commands;

/// <summary>Command words and their handlers; a handler returns true to end the shell.</summary>
internal static class CommandTable
{
    public delegate bool Handler(Controller ctl, string argument);

    public static bool TryGet(string command, out Handler handler)
    {
        Handler? found = command switch
        {
            "status" => ProcessCommands.Status,
            "start" => ProcessCommands.Start,
            "stop" => ProcessCommands.Stop,
            "restart" => ProcessCommands.Restart,
            "signal" => ProcessCommands.Signal,
            "clear" => ProcessCommands.Clear,
            "pid" => ProcessCommands.Pid,
            "tail" => LogCommands.Tail,
            "maintail" => LogCommands.MainTail,
            "fg" => ForegroundCommand.Run,
            "reread" => ConfigCommands.Reread,
            "update" => ConfigCommands.Update,
            "add" => ConfigCommands.Add,
            "remove" => ConfigCommands.Remove,
            "avail" => ConfigCommands.Avail,
            "health" => HealthCommand.Run,
            "reload" => ServerCommands.Reload,
            "shutdown" => ServerCommands.Shutdown,
            "open" => ServerCommands.Open,
            "version" => ServerCommands.Version,
            "help" => ServerCommands.Help,
            "quit" or "exit" or "EOF" => ServerCommands.Quit,
            _ => null,
        };
        handler = found!;
        return found is not null;
    }

    /// <summary>Commands whose results --json can carry.</summary>
    public static bool SupportsJson(string command) => command is
        "status" or "start" or "stop" or "restart" or "signal" or "clear" or "pid"
        or "avail" or "reread" or "update" or "add" or "remove" or "version" or "tail" or "maintail" or "health"
        or "quit" or "exit" or "EOF";

    /// <summary>Commands supervisorctl has not: `help` lists them apart from its table.</summary>
    public static readonly string[] SuperNetCommands = ["health"];

    /// <summary>The words tab completion offers for the command position, as supervisorctl lists them.</summary>
    public static readonly string[] Vocabulary =
    [
        "help", "add", "avail", "clear", "exit", "fg", "maintail", "open", "pid", "quit", "reload",
        "remove", "reread", "restart", "shutdown", "signal", "start", "status", "stop", "tail",
        "update", "version",
    ];
}
