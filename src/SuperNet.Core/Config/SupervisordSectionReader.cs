using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Config;

/// <summary>[supervisord] (contract §4.5), option by option in supervisord's order so the first error matches.</summary>
internal static class SupervisordSectionReader
{
    private const string Section = "supervisord";

    /// <summary>The section as written; the user is resolved later, after command-line overrides.</summary>
    public sealed record Result(SupervisordOptions Options, string? User);

    public static Result Read(OptionReader reader, string here, ConfigContext ctx)
    {
        var hereNames = new ExpansionNames().Set("here", here);
        string Get(string option, string fallback) => reader.GetRequired(Section, option, fallback, hereNames);
        string? GetOptional(string option) => reader.Get(Section, option, null, hereNames);

        long minFds = ConfigValues.Integer(Get("minfds", "1024"));
        long minProcs = ConfigValues.Integer(Get("minprocs", "200"));
        string? directory = GetOptional("directory") is string d ? ConfigValues.ExistingDirectory(d, ctx) : null;
        string? user = GetOptional("user");
        int umask = ConfigValues.Octal(Get("umask", "022"));
        string logfile = ConfigValues.ExistingDirPath(Get("logfile", "supervisord.log"), ctx);
        long logfileMaxBytes = ConfigValues.ByteSize(Get("logfile_maxbytes", "50MB"));
        int logfileBackups = ConfigValues.Int32(Get("logfile_backups", "10"));
        LogLevel logLevel = ConfigValues.LogLevelValue(Get("loglevel", "info"));
        string pidfile = ConfigValues.ExistingDirPath(Get("pidfile", "supervisord.pid"), ctx);
        string identifier = Get("identifier", "supervisor");
        bool nodaemon = ConfigValues.Boolean(Get("nodaemon", "false"));
        bool silent = ConfigValues.Boolean(Get("silent", "false"));
        string childLogDir = ConfigValues.ExistingDirectory(Get("childlogdir", ctx.TempDirectory), ctx);
        bool noCleanup = ConfigValues.Boolean(Get("nocleanup", "false"));
        bool stripAnsi = ConfigValues.Boolean(Get("strip_ansi", "false"));
        // critical= (a SuperNet key) is checked here, in its place in the order, so a bad value fails where it is
        // written; each program reads it again as the default of its own critical= (ProgramSectionReader).
        _ = ConfigValues.Boolean(Get("critical", "false"));
        bool exitWhenDone = ConfigValues.Boolean(Get("exit_when_done", "false"));

        // Expanded twice (quirk, contract §4.3): once as an option, once more with host_node_name added.
        string environmentText = Get("environment", "");
        var second = new ExpansionNames().Set("here", here).Set("host_node_name", ctx.HostName).SetAll(reader.ParserNames);
        var environment = EnvironmentParser.Parse(PyFormat.Expand(environmentText, second, "environment"));
        foreach (var (k, v) in environment) reader.ParserNames.Set("ENV_" + k, v);
        // Kept even when a later section fails this read, as supervisord's table keeps them.
        ctx.EnvironmentMemory?.Remember(environment);

        var options = new SupervisordOptions
        {
            MinFds = minFds,
            MinProcs = minProcs,
            Directory = directory,
            Umask = umask,
            Logfile = logfile,
            LogfileMaxBytes = logfileMaxBytes,
            LogfileBackups = logfileBackups,
            LogLevel = logLevel,
            Pidfile = pidfile,
            Identifier = identifier,
            Nodaemon = nodaemon,
            Silent = silent,
            ChildLogDir = childLogDir,
            NoCleanup = noCleanup,
            StripAnsi = stripAnsi,
            Environment = environment,
            EnvironmentFiles = ExtensionOptions.EnvironmentFiles(GetOptional("environment_file"), reader.DirectoryOf(Section, here, ctx)),
            ExitWhenDone = exitWhenDone,
        };
        return new Result(options, user);
    }

    /// <summary>Command-line values win; then the user is resolved and log/pid paths made absolute.</summary>
    public static SupervisordOptions ApplyOverrides(Result file, SupervisordOverrides? cli, ConfigContext ctx)
    {
        var o = file.Options;
        if (cli is not null)
        {
            o = o with
            {
                Nodaemon = cli.Nodaemon ?? o.Nodaemon,
                Silent = cli.Silent ?? o.Silent,
                Umask = cli.Umask ?? o.Umask,
                Directory = cli.Directory ?? o.Directory,
                Logfile = cli.Logfile ?? o.Logfile,
                LogfileMaxBytes = cli.LogfileMaxBytes ?? o.LogfileMaxBytes,
                LogfileBackups = cli.LogfileBackups ?? o.LogfileBackups,
                LogLevel = cli.LogLevel ?? o.LogLevel,
                Pidfile = cli.Pidfile ?? o.Pidfile,
                Identifier = cli.Identifier ?? o.Identifier,
                ChildLogDir = cli.ChildLogDir ?? o.ChildLogDir,
                NoCleanup = cli.NoCleanup ?? o.NoCleanup,
                MinFds = cli.MinFds ?? o.MinFds,
                MinProcs = cli.MinProcs ?? o.MinProcs,
                StripAnsi = cli.StripAnsi ?? o.StripAnsi,
            };
        }
        string? user = cli?.User ?? file.User;
        return o with
        {
            User = user is null ? null : UserResolver.User(user, ctx.Users),
            Logfile = o.Logfile == "syslog" ? o.Logfile : PyPath.Normalize(o.Logfile, ctx),
            Pidfile = PyPath.Normalize(o.Pidfile, ctx),
        };
    }
}
