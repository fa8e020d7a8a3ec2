using System.Collections;
using System.Runtime.InteropServices;
using System.Text;

namespace SuperNet.Linux;

/// <summary>
/// The exec helper is a .NET program: the runtime reads its settings (DOTNET_*, COMPlus_*) from its environment
/// before Main, so a program's own settings of that kind (DOTNET_gcServer=1, DOTNET_GCRegionSize=...) would shape,
/// or break, the helper rather than only the program. The helper therefore starts with the daemon's own runtime
/// settings first, and with the program's environment after them, each runtime setting of the program hidden
/// behind <see cref="Marker"/>; before its exec the helper drops the daemon's entries and unhides the program's,
/// so the program receives exactly its environment, in its order. The program's variables stay out of the
/// helper's command line, which any user can read.
/// </summary>
internal static unsafe class HelperEnvironment
{
    /// <summary>Also put before a program entry that starts with it, so unhiding one marker restores any entry.</summary>
    private const string Marker = "SUPERNET_EXEC_HELPER_HIDDEN_";
    private static readonly byte[] MarkerBytes = Encoding.ASCII.GetBytes(Marker);

    /// <summary>The daemon's own runtime settings, as it was started with them.</summary>
    public static IReadOnlyList<string> DaemonRuntimeSettings { get; } = ReadDaemonRuntimeSettings();

    /// <summary>The helper's environment for a program's; the first <see cref="DaemonRuntimeSettings"/>.Count entries are the daemon's.</summary>
    public static List<string> Encode(IReadOnlyList<string> program)
    {
        var entries = new List<string>(DaemonRuntimeSettings.Count + program.Count);
        entries.AddRange(DaemonRuntimeSettings);
        foreach (var entry in program)
        {
            entries.Add(IsRuntimeSetting(entry) || entry.StartsWith(Marker, StringComparison.Ordinal) ? Marker + entry : entry);
        }
        return entries;
    }

    /// <summary>
    /// In the helper: the program's environment, as pointers into the helper's own (nothing is copied), or null
    /// when the helper's environment cannot be found. The array is the caller's to free.
    /// </summary>
    public static byte** Decode(int daemonEntries)
    {
        if (!NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "environ", out var address))
        {
            return null;
        }
        var environ = *(byte***)address;
        var count = 0;
        while (environ[count] is not null)
        {
            count++;
        }
        var first = Math.Min(daemonEntries, count);
        var program = (byte**)NativeMemory.Alloc((nuint)(count - first + 1), (nuint)sizeof(byte*));
        for (var i = first; i < count; i++)
        {
            var entry = environ[i];
            program[i - first] = StartsWithMarker(entry) ? entry + MarkerBytes.Length : entry;
        }
        program[count - first] = null;
        return program;
    }

    /// <summary>Names the .NET runtime reads its settings from (the prefixes in any case, to be safe).</summary>
    private static bool IsRuntimeSetting(string entry) =>
        entry.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase) || entry.StartsWith("COMPlus_", StringComparison.OrdinalIgnoreCase);

    private static bool StartsWithMarker(byte* entry)
    {
        for (var i = 0; i < MarkerBytes.Length; i++)
        {
            if (entry[i] != MarkerBytes[i])
            {
                return false;
            }
        }
        return true;
    }

    private static List<string> ReadDaemonRuntimeSettings()
    {
        var settings = new List<string>();
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var entry = $"{variable.Key}={variable.Value}";
            if (IsRuntimeSetting(entry))
            {
                settings.Add(entry);
            }
        }
        return settings;
    }
}
