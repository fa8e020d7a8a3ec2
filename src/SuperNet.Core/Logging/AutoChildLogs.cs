using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using SuperNet.Core.Config;
using SuperNet.Core.Os;

namespace SuperNet.Core.Logging;

/// <summary>
/// AUTO child logs (contract §9.2, §5.2 step 6, trap 32): files made empty (mode 0600) in childlogdir when
/// a group is created, named <c>&lt;process&gt;-&lt;channel&gt;---&lt;identifier&gt;-&lt;8 random chars&gt;.log</c>,
/// and removed by the next startup's cleanup.
/// </summary>
public static class AutoChildLogs
{
    private const string RandomAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789_";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Creates the AUTO files of a process whose channels say AUTO and have no file yet, and returns the
    /// config with their paths filled in. Call once per group creation; a config that already has its
    /// paths is returned unchanged (as supervisord reuses an already materialized config).
    /// </summary>
    public static ProcessConfig Materialize(ProcessConfig process, SupervisordOptions options, IRandomSource random)
    {
        if (Materialized.TryGetValue(process, out var made))
            return made;
        made = MakeFiles(process, options, random);
        Materialized.AddOrUpdate(process, made);
        return made;
    }

    /// <summary>
    /// The config as its last materialization left it, or unchanged if it was never materialized: supervisord
    /// writes the AUTO names into the config object itself, so they outlive the group (getAllConfigInfo after
    /// removeProcessGroup shows them) and adding that object again reuses the same files.
    /// </summary>
    public static ProcessConfig Remembered(ProcessConfig process) =>
        Materialized.TryGetValue(process, out var made) ? made : process;

    // Keyed by reference: a re-read configuration is a new object with its AUTO names still to be made, as
    // supervisord's fresh config objects are. Weak, so a config dropped by a re-read takes its entry with it.
    private static readonly ConditionalWeakTable<ProcessConfig, ProcessConfig> Materialized = new();

    private static ProcessConfig MakeFiles(ProcessConfig process, SupervisordOptions options, IRandomSource random)
    {
        var stdout = process.Stdout;
        var stderr = process.Stderr;
        if (stdout.IsAuto && stdout.Path is null)
            stdout = stdout with { Path = Create(options.ChildLogDir, process.Name, ChildChannel.Stdout, options.Identifier, random) };
        if (stderr.IsAuto && stderr.Path is null && !process.RedirectStderr)
            stderr = stderr with { Path = Create(options.ChildLogDir, process.Name, ChildChannel.Stderr, options.Identifier, random) };
        return ReferenceEquals(stdout, process.Stdout) && ReferenceEquals(stderr, process.Stderr)
            ? process
            : process with { Stdout = stdout, Stderr = stderr };
    }

    /// <summary>Creates one empty AUTO file (O_EXCL, mode 0600 before umask) and returns its path; throws <see cref="AutoLogCreateException"/>.</summary>
    public static string Create(string childLogDir, string processName, ChildChannel channel, string identifier, IRandomSource random)
    {
        string prefix = $"{processName}-{channel.Name()}---{identifier}-";
        while (true)
        {
            string path = System.IO.Path.Combine(childLogDir, prefix + RandomName(random) + ".log");
            try
            {
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                    create.UnixCreateMode = OwnerOnly;
                using var created = new FileStream(path, create);
                return path;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Name collision with an existing file: draw again, as mkstemp does.
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new AutoLogCreateException(processName, channel, childLogDir, e);
            }
        }
    }

    /// <summary>Eight characters drawn uniformly from <see cref="RandomAlphabet"/>, as mkstemp's suffix.</summary>
    private static string RandomName(IRandomSource random)
    {
        // Bytes at or above the largest multiple of the alphabet's size are redrawn: keeping them would
        // favour the first letters.
        int usable = 256 / RandomAlphabet.Length * RandomAlphabet.Length;
        Span<char> name = stackalloc char[8];
        Span<byte> draw = stackalloc byte[16];
        int length = 0;
        while (length < name.Length)
        {
            random.Fill(draw);
            foreach (byte b in draw)
            {
                if (b < usable && length < name.Length)
                    name[length++] = RandomAlphabet[b % RandomAlphabet.Length];
            }
        }
        return new string(name);
    }

    /// <summary>
    /// Startup cleanup (skipped with nocleanup): deletes every file in childlogdir whose name matches, from
    /// its start, <c>.+?---&lt;identifier&gt;-\S+\.log\.{0,1}\d{0,4}</c> (old AUTO logs and their backups).
    /// The identifier is inserted as regex text, as supervisord does.
    /// </summary>
    public static void Cleanup(string childLogDir, string identifier, IMainLog log) =>
        Delete(FindStale(childLogDir, identifier, log), log);

    /// <summary>
    /// The first half of <see cref="Cleanup"/>: the files it would delete now. The daemon lists them before
    /// the new groups create their AUTO files and deletes them only once its sockets are open, so a second
    /// instance that fails on a busy socket leaves the running one's logs alone (contract trap 25).
    /// </summary>
    public static IReadOnlyList<string> FindStale(string childLogDir, string identifier, IMainLog log)
    {
        string[] names;
        try
        {
            names = Directory.GetFileSystemEntries(childLogDir).Select(System.IO.Path.GetFileName).OfType<string>().ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Log(LogLevel.Warn, "Could not clear childlog dir");
            return [];
        }
        Regex pattern;
        try
        {
            pattern = new Regex($@"\G(?:.+?---{identifier}-\S+\.log\.{{0,1}}\d{{0,4}})", RegexOptions.CultureInvariant);
        }
        catch (ArgumentException)
        {
            log.Log(LogLevel.Warn, $"Could not clear childlog dir: identifier {PythonRepr.Str(identifier)} is not a valid pattern");
            return [];
        }
        return [.. names.Where(name => pattern.IsMatch(name)).Select(name => System.IO.Path.Combine(childLogDir, name))];
    }

    /// <summary>The second half of <see cref="Cleanup"/>.</summary>
    public static void Delete(IEnumerable<string> paths, IMainLog log)
    {
        foreach (string path in paths)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.Log(LogLevel.Warn, $"Failed to clean up {PythonRepr.Str(path)}");
            }
        }
    }
}
