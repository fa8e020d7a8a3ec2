using System.Collections.Concurrent;

namespace SuperNet.Core.Logging;

/// <summary>
/// Rotation renames the live log away before it creates the new one, so for a moment its path names no file.
/// supervisord never reads a log in that moment (one thread does everything); our control server reads on its own
/// thread, and found NO_FILE (or /logtail 404) there. A reader that finds no file waits out a rotation of that path
/// in progress (the lock is held across the renames and the create only) and looks again: no wait for a log that
/// is just missing, and none at all while the file is there.
/// </summary>
public static class LogRotationGate
{
    private static readonly ConcurrentDictionary<string, Lock> Gates = new(StringComparer.Ordinal);

    /// <summary>The lock a rotation of <paramref name="path"/> holds.</summary>
    internal static Lock For(string path) => Gates.GetOrAdd(path, static _ => new Lock());

    /// <summary><paramref name="probe"/> of the path once no rotation of it is under way.</summary>
    public static T Settled<T>(string path, Func<string, T> probe)
    {
        if (!Gates.TryGetValue(path, out var gate))
            return probe(path);
        lock (gate)
            return probe(path);
    }

    /// <summary>File.Exists, not fooled by a rotation in progress.</summary>
    public static bool FileExists(string path) => File.Exists(path) || Settled(path, File.Exists);

    /// <summary>os.path.exists (directories count), not fooled by a rotation in progress.</summary>
    public static bool Exists(string path) => Path.Exists(path) || Settled(path, Path.Exists);
}
