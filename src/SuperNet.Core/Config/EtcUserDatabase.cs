using System.Globalization;

namespace SuperNet.Core.Config;

/// <summary>
/// Reads /etc/passwd and /etc/group on each lookup (files are small, lookups rare, and a reload must
/// see users added since startup). First matching line wins, like the C library's files backend.
/// </summary>
public sealed class EtcUserDatabase(string passwdPath = "/etc/passwd", string groupPath = "/etc/group") : IUserDatabase
{
    public PasswdEntry? FindUser(string name) => Users().FirstOrDefault(u => u.Name == name);

    public PasswdEntry? FindUser(int uid) => Users().FirstOrDefault(u => u.Uid == uid);

    public GroupEntry? FindGroup(string name) => Groups().FirstOrDefault(g => g.Name == name);

    public GroupEntry? FindGroup(int gid) => Groups().FirstOrDefault(g => g.Gid == gid);

    private IEnumerable<PasswdEntry> Users()
    {
        foreach (var fields in Records(passwdPath, 7))
        {
            if (TryId(fields[2], out int uid) && TryId(fields[3], out int gid))
                yield return new PasswdEntry(fields[0], uid, gid, fields[5]);
        }
    }

    private IEnumerable<GroupEntry> Groups()
    {
        foreach (var fields in Records(groupPath, 4))
        {
            if (TryId(fields[2], out int gid))
                yield return new GroupEntry(fields[0], gid);
        }
    }

    private static IEnumerable<string[]> Records(string path, int fieldCount)
    {
        foreach (var line in Lines(path))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var fields = line.Split(':');
            if (fields.Length >= fieldCount) yield return fields;
        }
    }

    /// <summary>
    /// A file that cannot be read holds no entries, as for the C library's lookups that supervisord makes: under
    /// `podman run --user 1000` an image without /etc/passwd gets one that only root may read.
    /// </summary>
    private static string[] Lines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static bool TryId(string s, out int id) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
