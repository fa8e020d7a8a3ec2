namespace SuperNet.Ctl.Commands;

/// <summary>
/// The help text of each command: printed by `help &lt;cmd&gt;` and after argument errors, so it must
/// match supervisorctl's byte for byte.
/// </summary>
internal static class HelpTexts
{
    /// <summary>`help` without an argument: the command list in the columns Python's cmd module lays out.</summary>
    public const string Topics =
        "\n" +
        "default commands (type help <topic>):\n" +
        "=====================================\n" +
        "add    exit      open  reload  restart   start   tail   \n" +
        "avail  fg        pid   remove  shutdown  status  update \n" +
        "clear  maintail  quit  reread  signal    stop    version\n" +
        "\n";

    /// <summary>
    /// supernetctl's own commands, a block of their own after <see cref="Topics"/> in the same layout, so that
    /// supervisorctl's table above it stays byte for byte what supervisorctl prints. Only under the name
    /// supernetctl: under another (the image's supervisorctl link) `help` is supervisorctl's alone.
    /// </summary>
    public static readonly string SuperNetTopics =
        "SuperNet commands (type help <topic>):\n" +
        "======================================\n" +
        // Python's cmd lays out a list that fits one line as the words two spaces apart.
        string.Join("  ", CommandTable.SuperNetCommands) + "\n" +
        "\n";

    public static string? For(string command) => command switch
    {
        "help" => "help\t\tPrint a list of available actions\nhelp <action>\tPrint help for <action>",
        "tail" =>
            "tail [-f] <name> [stdout|stderr] (default stdout)\n" +
            "Ex:\n" +
            "tail -f <name>\t\tContinuous tail of named process stdout\n" +
            "\t\t\tCtrl-C to exit.\n" +
            "tail -100 <name>\tlast 100 *bytes* of process stdout\n" +
            "tail <name> stderr\tlast 1600 *bytes* of process stderr",
        "maintail" =>
            "maintail -f \tContinuous tail of supervisor main log file (Ctrl-C to exit)\n" +
            "maintail -100\tlast 100 *bytes* of supervisord main log file\n" +
            "maintail\tlast 1600 *bytes* of supervisor main log file\n",
        "quit" => "quit\tExit the supervisor shell.",
        "exit" => "exit\tExit the supervisor shell.",
        "status" =>
            "status <name>\t\tGet status for a single process\n" +
            "status <gname>:*\tGet status for all processes in a group\n" +
            "status <name> <name>\tGet status for multiple named processes\n" +
            "status\t\t\tGet all process status info",
        "pid" =>
            "pid\t\t\tGet the PID of supervisord.\n" +
            "pid <name>\t\tGet the PID of a single child process by name.\n" +
            "pid all\t\t\tGet the PID of every child process, one per line.",
        "start" =>
            "start <name>\t\tStart a process\n" +
            "start <gname>:*\t\tStart all processes in a group\n" +
            "start <name> <name>\tStart multiple processes or groups\n" +
            "start all\t\tStart all processes",
        "stop" =>
            "stop <name>\t\tStop a process\n" +
            "stop <gname>:*\t\tStop all processes in a group\n" +
            "stop <name> <name>\tStop multiple processes or groups\n" +
            "stop all\t\tStop all processes",
        "signal" =>
            "signal <signal name> <name>\t\tSignal a process\n" +
            "signal <signal name> <gname>:*\t\tSignal all processes in a group\n" +
            "signal <signal name> <name> <name>\tSignal multiple processes or groups\n" +
            "signal <signal name> all\t\tSignal all processes",
        "restart" =>
            "restart <name>\t\tRestart a process\n" +
            "restart <gname>:*\tRestart all processes in a group\n" +
            "restart <name> <name>\tRestart multiple processes or groups\n" +
            "restart all\t\tRestart all processes\n" +
            "Note: restart does not reread config files. For that, see reread and update.",
        "shutdown" => "shutdown \tShut the remote supervisord down.",
        "reload" => "reload \t\tRestart the remote supervisord.",
        "avail" => "avail\t\t\tDisplay all configured processes",
        // SuperNet's own command: listed in SuperNetTopics, as Topics must stay supervisorctl's list.
        "health" =>
            "health\t\t\tExit 0 when every autostarted process is RUNNING and ready\n" +
            "\t\t\tor is a one-shot job that has finished, else 1 and a line\n" +
            "\t\t\tper process that is not",
        "reread" => "reread \t\t\tReload the daemon's configuration files without add/remove",
        "add" => "add <name> [...]\tActivates any updates in config for process/group",
        "remove" => "remove <name> [...]\tRemoves process/group from active config",
        "update" =>
            "update\t\t\tReload config and add/remove as necessary, and will restart affected programs\n" +
            "update all\t\tReload config and add/remove as necessary, and will restart affected programs\n" +
            "update <gname> [...]\tUpdate specific groups",
        "clear" =>
            "clear <name>\t\tClear a process' log files.\n" +
            "clear <name> <name>\tClear multiple process' log files\n" +
            "clear all\t\tClear all process' log files",
        "open" =>
            "open <url>\tConnect to a remote supervisord process.\n" +
            "\t\t(for UNIX domain socket, use unix:///socket/path)",
        "version" => "version\t\t\tShow the version of the remote supervisord process",
        "fg" => "fg <process>\tConnect to a process in foreground mode\n\t\tCtrl-C to exit",
        _ => null,
    };
}
