using SuperNet.Core.Config.Python;
using SuperNet.Core.Readiness;

namespace SuperNet.Core.Config;

/// <summary>
/// Builds the processes of one [program:x] / [eventlistener:x] / [fcgi-program:x] section (contract §4.8),
/// reading options in supervisord's order and adding the " in section ... (file: ...)" suffix to errors.
/// </summary>
internal sealed class ProgramSectionReader(OptionReader reader, string here, string mainFile, ConfigContext ctx, List<string> warnings)
{
    public List<ProcessConfig> Read(string section, string groupName)
    {
        try
        {
            return ReadUnsuffixed(section, groupName);
        }
        catch (ConfigException e)
        {
            string file = reader.Ini.SectionFiles.TryGetValue(section, out var f) ? f : mainFile;
            throw new ConfigException($"{e.Message} in section {PyText.Repr(section)} (file: {PyText.Repr(file)})");
        }
    }

    private List<ProcessConfig> ReadUnsuffixed(string section, string groupName)
    {
        string programName = ConfigValues.Name(section[(section.IndexOf(':') + 1)..]);
        // One dictionary for the whole section: names added per process (process_num, the program's
        // ENV_X) stay visible to every later lookup, which is what makes the §4.3 table come out.
        var common = new ExpansionNames()
            .Set("here", here).Set("program_name", programName)
            .Set("host_node_name", ctx.HostName).Set("group_name", groupName);
        string Get(string option, string fallback) => reader.GetRequired(section, option, fallback, common);
        string? GetOptional(string option) => reader.Get(section, option, null, common);

        int priority = ConfigValues.Int32(Get("priority", "999"));
        bool autostart = ConfigValues.Boolean(Get("autostart", "true"));
        var autorestart = ConfigValues.AutoRestartValue(Get("autorestart", "unexpected"));
        int startsecs = ConfigValues.Int32(Get("startsecs", "1"));
        int startretries = ConfigValues.Int32(Get("startretries", "3"));
        int stopsignal = SignalNames.Parse(Get("stopsignal", "TERM"));
        int stopwaitsecs = ConfigValues.Int32(Get("stopwaitsecs", "10"));
        bool stopasgroup = ConfigValues.Boolean(Get("stopasgroup", "false"));
        bool killasgroup = ConfigValues.Boolean(Get("killasgroup", stopasgroup ? "true" : "false"));
        var exitcodes = ConfigValues.ExitCodes(Get("exitcodes", "0"));
        bool redirectStderr = ConfigValues.Boolean(Get("redirect_stderr", "false"));
        int numprocs = ConfigValues.Int32(Get("numprocs", "1"));
        long numprocsStart = ConfigValues.Integer(Get("numprocs_start", "0"));
        string environmentText = reader.GetRequired(section, "environment", "", expand: false);
        long stdoutCapture = ConfigValues.ByteSize(Get("stdout_capture_maxbytes", "0"));
        bool stdoutEvents = ConfigValues.Boolean(Get("stdout_events_enabled", "false"));
        long stderrCapture = ConfigValues.ByteSize(Get("stderr_capture_maxbytes", "0"));
        bool stderrEvents = ConfigValues.Boolean(Get("stderr_events_enabled", "false"));
        string? serverUrl = GetOptional("serverurl");
        if (serverUrl is not null && PyText.Strip(serverUrl).ToUpperInvariant() == "AUTO") serverUrl = null;
        UserSpec? user = GetOptional("user") is string u ? UserResolver.User(u, ctx.Users) : null;
        int? umask = GetOptional("umask") is string m ? ConfigValues.Octal(m) : null;
        string processName = ConfigValues.Name(reader.GetRequired(section, "process_name", "%(program_name)s", expand: false));
        var restart = ExtensionOptions.Restart(GetOptional);
        foreach (var key in ExtensionOptions.KeysWithoutEffect(restart, GetOptional))
            warnings.Add($"For [{section}], {key} is set without backoff=exponential, so it has no effect");

        if (numprocs > 1 && !processName.Contains("%(process_num)", StringComparison.Ordinal))
            throw new ConfigException("%(process_num) must be present within process_name when numprocs > 1");
        if (stopasgroup && !killasgroup)
            throw new ConfigException("Cannot set stopasgroup=true and killasgroup=false");

        if (numprocs > 0 && numprocsStart > long.MaxValue - (numprocs - 1))
            throw new ConfigException($"numprocs_start + numprocs - 1 is above {long.MaxValue}, the largest process_num supported");

        var processes = new List<ProcessConfig>(Math.Max(numprocs, 0));
        for (long num = numprocsStart; num - numprocsStart < numprocs; num++)
        {
            common.Set("process_num", num).Set("numprocs", numprocs).SetAll(reader.ParserNames);
            var environment = EnvironmentParser.Parse(PyFormat.Expand(environmentText, common, "environment"));
            foreach (var (k, v) in environment) common.Set("ENV_" + k, v);

            string? directory = GetOptional("directory");
            var stdout = ReadLog(section, "stdout", stdoutCapture, stdoutEvents, common);
            var stderr = ReadLog(section, "stderr", stderrCapture, stderrEvents, common);
            if (redirectStderr)
            {
                if (stderr.Path is not null)
                {
                    warnings.Add($"For [{section}], redirect_stderr=true but stderr_logfile has also been set to a filename, the filename has been ignored");
                }
                stderr = stderr with { Path = null, IsAuto = false };
            }

            string command = GetOptional("command")
                ?? throw new ConfigException($"program section {section} does not specify a command");
            var container = ContainerOptionsReader.Read(GetOptional, CriticalDefault());

            processes.Add(new ProcessConfig
            {
                Name = PyFormat.Expand(processName, common, "process_name"),
                ProgramName = programName,
                Section = section,
                Command = command,
                Priority = priority,
                AutoStart = autostart,
                StartSecs = startsecs,
                StartRetries = startretries,
                AutoRestart = autorestart,
                ExitCodes = exitcodes,
                StopSignal = stopsignal,
                StopWaitSecs = stopwaitsecs,
                StopAsGroup = stopasgroup,
                KillAsGroup = killasgroup,
                User = user,
                RedirectStderr = redirectStderr,
                Stdout = stdout,
                Stderr = stderr,
                Environment = environment,
                Directory = directory,
                Umask = umask,
                ServerUrl = serverUrl,
                Restart = restart,
                ContainerLog = ExtensionOptions.ContainerLog(key => reader.Get(section, key, null, expand: false),
                    new ExpansionNames(common).Set("process_name", PyFormat.Expand(processName, common, "process_name"))),
                EnvironmentFiles = ExtensionOptions.EnvironmentFiles(GetOptional("environment_file"), reader.DirectoryOf(section, here, ctx)),
                Container = container,
            });
        }
        processes.Sort((a, b) => a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority) : string.CompareOrdinal(a.Name, b.Name));
        return processes;
    }

    // Validated when [supervisord] was read; here it is only the default of each program's critical=.
    private bool CriticalDefault() =>
        reader.Get("supervisord", "critical", null, new ExpansionNames().Set("here", here)) is { } c && ConfigValues.Boolean(c);

    private ChildLogOptions ReadLog(string section, string channel, long capture, bool events, ExpansionNames names)
    {
        string key = channel + "_logfile";
        string? raw = reader.Get(section, key, null, names);
        string? path = null;
        bool isAuto = raw is null;
        bool syslogFile = false;
        var stream = DaemonStream.None;
        if (raw is not null)
        {
            // Expanded a second time (quirk, contract §4.3).
            string value = PyFormat.Expand(raw, names, key);
            switch (value.ToLowerInvariant())
            {
                case "none" or "off": break;
                case "auto": isAuto = true; break;
                case "syslog": syslogFile = true; break;
                default:
                    stream = DaemonStreamPaths.Of(value, ctx.OpensOwnFd);
                    // The bare keywords are ours; the /dev paths keep their name, as supervisord reports it.
                    path = stream != DaemonStream.None && !value.StartsWith('/') ? null : ConfigValues.ExistingDirPath(value, ctx);
                    break;
            }
        }
        int backups = ConfigValues.Int32(reader.GetRequired(section, channel + "_logfile_backups", "10", names));
        long maxBytes = ConfigValues.ByteSize(reader.GetRequired(section, channel + "_logfile_maxbytes", "50MB", names));
        bool syslog = ConfigValues.Boolean(reader.GetRequired(section, channel + "_syslog", "false", names));
        if (syslogFile)
        {
            warnings.Add($"For [{section}], {key}=syslog but this is deprecated and will be removed.  Use {channel}_syslog=true to enable syslog instead.");
            syslog = true;
        }
        if (isAuto && maxBytes == 0)
        {
            warnings.Add($"For [{section}], AUTO logging used for {key} without rollover, set maxbytes > 0 to avoid filling up filesystem unintentionally");
        }
        return new ChildLogOptions
        {
            Path = path,
            IsAuto = isAuto,
            MaxBytes = maxBytes,
            Backups = backups,
            CaptureMaxBytes = capture,
            EventsEnabled = events,
            Syslog = syslog,
            Stream = stream,
        };
    }
}
