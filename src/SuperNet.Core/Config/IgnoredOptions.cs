namespace SuperNet.Core.Config;

/// <summary>
/// Sections and keys that neither supervisord nor supernetd reads. supervisord ignores them without a word, so a
/// typo (<c>[programm:web]</c>, <c>autorestar=true</c>) silently leaves a program out or at its default; the
/// daemon keeps that behaviour (its output stays supervisord's) and <c>--check-config</c> reports these.
/// </summary>
public static class IgnoredOptions
{
    private static readonly string[] TopSections = ["supervisord", "unix_http_server", "inet_http_server", "supervisorctl", "include"];

    // Sections whose keys are free: an rpcinterface factory or a supervisorctl plugin takes any keyword.
    private static readonly string[] FreeKeyPrefixes = ["rpcinterface:", "ctlplugin:"];

    /// <summary>SuperNet's keys of a program-like section, each in docs/containers.md's table of keys.</summary>
    internal static readonly string[] ExtensionProgramKeys =
    [
        "depends_on", "ready", "ready_timeout", "ready_interval", "healthcheck", "healthcheck_interval",
        "healthcheck_retries", "critical", "backoff", "backoff_initial", "backoff_max", "backoff_jitter",
        "backoff_reset", "restart_delay", "environment_file", "log_prefix", "log_format",
    ];

    /// <summary>SuperNet's keys of [supervisord] (docs/containers.md, below the table).</summary>
    internal static readonly string[] ExtensionSupervisordKeys = ["environment_file", "critical", "exit_when_done"];

    private static readonly string[] ProgramKeys =
    [
        "command", "process_name", "numprocs", "numprocs_start", "priority", "autostart", "autorestart", "startsecs",
        "startretries", "exitcodes", "stopsignal", "stopwaitsecs", "stopasgroup", "killasgroup", "user", "directory",
        "umask", "redirect_stderr", "environment", "serverurl",
        "stdout_logfile", "stdout_logfile_maxbytes", "stdout_logfile_backups", "stdout_capture_maxbytes",
        "stdout_events_enabled", "stdout_syslog",
        "stderr_logfile", "stderr_logfile_maxbytes", "stderr_logfile_backups", "stderr_capture_maxbytes",
        "stderr_events_enabled", "stderr_syslog",
        .. ExtensionProgramKeys,
    ];

    private static readonly Dictionary<string, string[]> KeysByKind = new(StringComparer.Ordinal)
    {
        ["supervisord"] =
        [
            "logfile", "logfile_maxbytes", "logfile_backups", "loglevel", "pidfile", "umask", "nodaemon", "silent",
            "minfds", "minprocs", "nocleanup", "childlogdir", "user", "directory", "strip_ansi", "environment",
            "identifier", .. ExtensionSupervisordKeys,
        ],
        ["unix_http_server"] = ["file", "chmod", "chown", "username", "password"],
        ["inet_http_server"] = ["port", "username", "password"],
        ["supervisorctl"] = ["serverurl", "username", "password", "prompt", "history_file"],
        ["include"] = ["files"],
        ["group:"] = ["programs", "priority"],
        ["program:"] = ProgramKeys,
        ["eventlistener:"] = [.. ProgramKeys, "buffer_size", "events", "result_handler"],
        ["fcgi-program:"] = [.. ProgramKeys, "socket", "socket_backlog", "socket_owner", "socket_mode"],
    };

    /// <summary>
    /// One line per ignored section or key, in file order, each naming its file and a likely intended name; then
    /// each repeated section or key (the earlier value is the one ignored).
    /// </summary>
    /// <param name="mainFile">The file sections not read from an include came from.</param>
    public static IReadOnlyList<string> Find(IniFile ini, string mainFile)
    {
        var found = new List<string>();
        var defaults = new HashSet<string>(ini.DefaultKeys, StringComparer.Ordinal);
        // A [DEFAULT] key is a key of every section: it is read if some kind of section reads it.
        var everyKey = KeysByKind.Values.SelectMany(k => k).ToHashSet(StringComparer.Ordinal);
        foreach (var key in ini.DefaultKeys.Where(k => !everyKey.Contains(k)))
        {
            string file = ini.SectionFiles.TryGetValue(IniFile.DefaultSection, out var f) ? f : mainFile;
            found.Add($"key '{key}' in section [{IniFile.DefaultSection}] (file: '{file}') is not one supervisord reads: ignored{Hint(Closest(key, everyKey), "'", "'")}");
        }
        foreach (var section in ini.Sections)
        {
            string file = ini.SectionFiles.TryGetValue(section, out var f) ? f : mainFile;
            if (FreeKeyPrefixes.Any(p => section.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }
            if (Kind(section) is not { } kind)
            {
                found.Add($"section [{section}] (file: '{file}') is not one supervisord reads: ignored{Hint(SectionGuess(section), "[", "]")}");
                continue;
            }
            var known = KeysByKind[kind];
            // [DEFAULT] keys appear in every section: checked once, above.
            foreach (var key in ini.OwnOptions(section).Where(k => !defaults.Contains(k) && !known.Contains(k)))
            {
                found.Add($"key '{key}' in section [{section}] (file: '{file}') is not one supervisord reads: ignored{Hint(Closest(key, known), "'", "'")}");
            }
        }
        found.AddRange(ini.Repeated);
        return found;
    }

    private static string? Kind(string section)
    {
        if (TopSections.Contains(section))
        {
            return section;
        }
        int colon = section.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }
        string prefix = section[..(colon + 1)];
        return KeysByKind.ContainsKey(prefix) ? prefix : null;
    }

    private static string? SectionGuess(string section)
    {
        int colon = section.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return Closest(section, TopSections);
        }
        string[] prefixes = [.. KeysByKind.Keys.Where(k => k.EndsWith(':')).Select(k => k[..^1]), .. FreeKeyPrefixes.Select(p => p[..^1])];
        return Closest(section[..colon], prefixes) is { } prefix ? prefix + section[colon..] : null;
    }

    private static string Hint(string? guess, string open, string close) =>
        guess is null ? "" : $" (did you mean {open}{guess}{close}?)";

    // Typos are a letter or two away; anything further is more likely a key meant for another tool.
    private static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            int d = Distance(name, candidate);
            if (d < bestDistance)
            {
                (best, bestDistance) = (candidate, d);
            }
        }
        return bestDistance <= Math.Max(1, Math.Min(2, name.Length / 4)) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
