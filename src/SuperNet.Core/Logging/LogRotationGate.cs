namespace SuperNet.Core.Logging;

/// <summary>
/// Rotation renames the live log away before it creates the new one, so for a moment its path names no file.
/// supervisord never reads a log in that moment (one thread does everything); our control server reads on its own
/// thread, and found NO_FILE (or /logtail 404) there. A reader that finds no file waits out a rotation of that path
/// in progress (the lock is held across the renames and the create only) and looks again: none at all while the
/// file is there.
/// </summary>
public static class LogRotationGate
{
    // A fixed set of locks that paths share, not one lock per path: every AUTO log a reread names and every log a
    // clear recreates would otherwise add an entry that nothing removes, for the daemon's whole life. Sharing costs a
    // reader that found no file at most the wait for another log's renames. Because unrelated logs share a lock,
    // whoever holds one must take no other lock (not a writer's, not the main log's) until it lets go.
    private static readonly Lock[] Stripes = [.. Enumerable.Range(0, 64).Select(_ => new Lock())];

    /// <summary>The lock a rotation of <paramref name="path"/> holds.</summary>
    internal static Lock For(string path) =>
        Stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(path) % (uint)Stripes.Length)];

    /// <summary><paramref name="probe"/> of the path once no rotation of it is under way.</summary>
    public static T Settled<T>(string path, Func<string, T> probe)
    {
        lock (For(path))
            return probe(path);
    }

    /// <summary>File.Exists, not fooled by a rotation in progress.</summary>
    public static bool FileExists(string path) => File.Exists(path) || Settled(path, File.Exists);

    /// <summary>os.path.exists (directories count), not fooled by a rotation in progress.</summary>
    public static bool Exists(string path) => Path.Exists(path) || Settled(path, Path.Exists);
}
