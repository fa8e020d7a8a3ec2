using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Config;

public enum SupervisordAction
{
    Run,
    Help,
    Version,
    /// <summary>SuperNet extension (--check-config): parse the configuration, print it, exit.</summary>
    CheckConfig,
}

/// <summary>
/// supervisord's command line (contract §5.1). Usage errors throw <see cref="ConfigException"/>; print
/// "Error: " + Message, then "For help, use &lt;argv0&gt; -h", and exit 2.
/// </summary>
public sealed record SupervisordArguments
{
    public const string Version = "4.2.5";

    public SupervisordAction Action { get; init; }
    public SupervisordOverrides Overrides { get; init; } = new();
    /// <summary>-c/--configuration as given, or null to search (<see cref="ConfigLocator"/>).</summary>
    public string? ConfigFile => Overrides.ConfigFile;

    private const string ShortOptions = "h?c:vnu:m:d:l:y:z:e:j:i:q:a:kts";

    private static readonly string[] LongOptions =
    [
        "help", "configuration=", "version", "nodaemon", "user=", "umask=", "directory=", "logfile=",
        "logfile_maxbytes=", "logfile_backups=", "loglevel=", "pidfile=", "identifier=", "childlogdir=",
        "minfds=", "minprocs=", "nocleanup", "strip_ansi", "profile_options=", "silent",
    ];

    // Matched only in full so that upstream's unique prefixes (e.g. --ch for --childlogdir) keep working.
    private static readonly string[] ExtensionOptions = ["check-config"];

    public static SupervisordArguments Parse(IReadOnlyList<string> args, ConfigContext? context = null)
    {
        var (options, rest) = GetOpt.Parse(args, ShortOptions, LongOptions, ExtensionOptions);
        if (rest.Count > 0)
            throw new ConfigException("positional arguments are not supported: " + PyText.ReprList(rest));

        var ctx = context;
        ConfigContext Ctx() => ctx ??= ConfigContext.FromSystem();
        var o = new SupervisordOverrides();
        bool checkConfig = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (opt, raw) in options)
        {
            string key = opt.TrimStart('-');
            string name = key.Length == 1 ? ShortToLong(key[0]) : key;
            if (name is "help") return new SupervisordArguments { Action = SupervisordAction.Help, Overrides = o };
            if (name is "version") return new SupervisordArguments { Action = SupervisordAction.Version, Overrides = o };

            T Convert<T>(Func<string, T> handler)
            {
                try
                {
                    return handler(raw);
                }
                catch (ConfigException e)
                {
                    throw new ConfigException($"invalid value for {opt} {PyText.Repr(raw)}: {e.Message}");
                }
            }

            switch (name)
            {
                case "configuration": o = o with { ConfigFile = raw }; break;
                case "nodaemon": o = o with { Nodaemon = true }; break;
                case "silent": o = o with { Silent = true }; break;
                case "user": o = o with { User = raw }; break;
                case "umask": o = o with { Umask = Convert(ConfigValues.Octal) }; break;
                case "directory": o = o with { Directory = Convert(v => ConfigValues.ExistingDirectory(v, Ctx())) }; break;
                case "logfile": o = o with { Logfile = Convert(v => ConfigValues.ExistingDirPath(v, Ctx())) }; break;
                case "logfile_maxbytes": o = o with { LogfileMaxBytes = Convert(ConfigValues.ByteSize) }; break;
                case "logfile_backups": o = o with { LogfileBackups = Convert(ConfigValues.Int32) }; break;
                case "loglevel": o = o with { LogLevel = Convert(ConfigValues.LogLevelValue) }; break;
                case "pidfile": o = o with { Pidfile = Convert(v => ConfigValues.ExistingDirPath(v, Ctx())) }; break;
                case "identifier": o = o with { Identifier = raw }; break;
                case "childlogdir": o = o with { ChildLogDir = Convert(v => ConfigValues.ExistingDirectory(v, Ctx())) }; break;
                case "minfds": o = o with { MinFds = Convert(ConfigValues.Integer) }; break;
                case "minprocs": o = o with { MinProcs = Convert(ConfigValues.Integer) }; break;
                case "nocleanup": o = o with { NoCleanup = true }; break;
                case "strip_ansi": o = o with { StripAnsi = true }; break;
                case "profile_options": break; // accepted for compatibility: there is no Python profiler to run
                case "check-config": checkConfig = true; break;
            }
            // Checked after conversion, as upstream does: a bad second value reports the value first.
            if (!seen.Add(name))
                throw new ConfigException($"conflicting command line option {PyText.Repr(opt)}");
        }
        return new SupervisordArguments { Action = checkConfig ? SupervisordAction.CheckConfig : SupervisordAction.Run, Overrides = o };
    }

    private static string ShortToLong(char c) => c switch
    {
        'h' or '?' => "help",
        'c' => "configuration",
        'v' => "version",
        'n' => "nodaemon",
        'u' => "user",
        'm' => "umask",
        'd' => "directory",
        'l' => "logfile",
        'y' => "logfile_maxbytes",
        'z' => "logfile_backups",
        'e' => "loglevel",
        'j' => "pidfile",
        'i' => "identifier",
        'q' => "childlogdir",
        'a' => "minfds",
        'k' => "nocleanup",
        't' => "strip_ansi",
        's' => "silent",
        _ => throw new ConfigException($"option -{c} not recognized"),
    };

    /// <summary>
    /// The -h text (SuperNet's own wording; the options are supervisord's). As supervisord's, it opens with the fixed
    /// name, the one run through a link named supervisord being supervisord, and only the Usage line shows argv[0].
    /// </summary>
    public static string HelpText(string programName) => $"""
        {(Path.GetFileName(programName) == "supervisord" ? "supervisord" : "supernetd")} -- run a set of programs as supervised processes (SuperNet, supervisord {Version} compatible).

        Usage: {programName} [options]

        Options:
        -c/--configuration FILENAME  configuration file (searched for when not given)
        -n/--nodaemon                stay in the foreground (nodaemon=true), as a container's entrypoint must
        -s/--silent                  do not echo the log to stdout (silent=true)
        -h/--help                    show this text and exit
        -v/--version                 print the version and exit: "{Version} (SuperNet {SuperNetVersion.Value})", or "{Version}" alone under the name supervisord
        -u/--user USER               run as this user name or numeric uid
        -m/--umask UMASK             octal umask used when daemonized (default 022)
        -d/--directory DIRECTORY     directory to chdir to when daemonized
        -l/--logfile FILENAME        main log file
        -y/--logfile_maxbytes BYTES  rotate the main log at this size
        -z/--logfile_backups NUM     rotated main logs to keep
        -e/--loglevel LEVEL          critical, error, warn, info, debug, trace or blather
        -j/--pidfile FILENAME        pid file
        -i/--identifier STR          identifier of this instance
        -q/--childlogdir DIRECTORY   directory for AUTO child logs
        -k/--nocleanup               keep old AUTO child logs at startup
        -a/--minfds NUM              file descriptors required to start
        -t/--strip_ansi              strip ANSI escape sequences from child output
        --minprocs NUM               processes required to start
        --profile_options OPTIONS    accepted for compatibility; ignored
        --check-config               parse the configuration, print its groups and processes, warn of keys neither
                                     daemon reads (typos), and exit 0 (2 when it is broken)

        """;
}
