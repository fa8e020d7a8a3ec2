using System.Collections;
using System.Globalization;

namespace SuperNet.Core.Config;

/// <summary>
/// What configuration parsing reads from the surrounding process: its environment (the ENV_X names),
/// working directory, host name, uid, the user database and, in the daemon, what its fds 1 and 2 are open on.
/// Tests substitute their own.
/// </summary>
public sealed class ConfigContext
{
    /// <summary>The process environment in its original order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; }
    public required string CurrentDirectory { get; init; }
    // Read on first use: supervisorctl's [supervisorctl] section needs neither, and each is a /proc read at the
    // start of every one-shot supernetctl command (docs/performance.md, "Client CPU").
    private string? _hostName;
    private int? _currentUid;

    public string HostName { get => _hostName ??= ReadHostName(); init => _hostName = value; }
    public int CurrentUid { get => _currentUid ??= ReadUid(); init => _currentUid = value; }
    public required IUserDatabase Users { get; init; }
    /// <summary>A reread's: [supervisord] environment pairs earlier reads of this generation defined (ENV_ names too).</summary>
    public EnvironmentMemory? EnvironmentMemory { get; init; }
    /// <summary>The daemon's: whether a log path opens the same pipe, socket or character device as its fd N
    /// (<see cref="DaemonStreamPaths.Of"/>); null where nothing is written through those fds.</summary>
    public Func<string, int, bool>? OpensOwnFd { get; init; }

    public string? GetEnvironmentVariable(string name)
    {
        foreach (var (k, v) in Environment)
            if (k == name) return v;
        return null;
    }

    /// <summary>Python's tempfile.gettempdir(): $TMPDIR, $TEMP, $TMP, then /tmp, /var/tmp, /usr/tmp, then the CWD.</summary>
    public string TempDirectory
    {
        get
        {
            var candidates = new[] { GetEnvironmentVariable("TMPDIR"), GetEnvironmentVariable("TEMP"), GetEnvironmentVariable("TMP") }
                .Where(d => !string.IsNullOrEmpty(d)).Select(d => d!)
                .Concat(["/tmp", "/var/tmp", "/usr/tmp"]);
            foreach (var dir in candidates)
            {
                string abs = Python.PyPath.AbsPath(dir, CurrentDirectory);
                if (Directory.Exists(abs)) return abs;
            }
            return CurrentDirectory;
        }
    }

    public static ConfigContext FromSystem(EnvironmentMemory? environmentMemory = null, Func<string, int, bool>? opensOwnFd = null)
    {
        var env = ReadEnvironment();
        return new ConfigContext
        {
            Environment = env,
            CurrentDirectory = Directory.GetCurrentDirectory(),
            Users = new EtcUserDatabase(),
            EnvironmentMemory = environmentMemory,
            OpensOwnFd = opensOwnFd,
        };
    }

    /// <summary>The environment in envp order (/proc keeps it; the runtime's dictionary does not).</summary>
    private static List<KeyValuePair<string, string>> ReadEnvironment()
    {
        var env = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var live = System.Environment.GetEnvironmentVariables();
        try
        {
            // Bytes, not ReadAllText: the config file is read the same way next, and a StreamReader's set-up is
            // a measurable share of a one-shot supernetctl command.
            var environ = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes("/proc/self/environ"));
            foreach (var entry in environ.Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = entry.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) continue;
                string key = entry[..eq];
                if (live[key] is string value && seen.Add(key)) env.Add(new(key, value));
            }
        }
        catch (IOException)
        {
        }
        foreach (DictionaryEntry e in live)
        {
            var key = (string)e.Key;
            if (seen.Add(key)) env.Add(new(key, (string?)e.Value ?? ""));
        }
        return env;
    }

    private static string ReadHostName()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/hostname").TrimEnd('\n');
        }
        catch (IOException)
        {
            return System.Environment.MachineName;
        }
    }

    /// <summary>The real uid, from /proc (Core has no P/Invoke).</summary>
    private static int ReadUid()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith("Uid:", StringComparison.Ordinal)) continue;
                var first = line[4..].Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return int.Parse(first, CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
        }
        return -1;
    }
}
