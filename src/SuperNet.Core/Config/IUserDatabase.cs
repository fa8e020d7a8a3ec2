namespace SuperNet.Core.Config;

public sealed record PasswdEntry(string Name, int Uid, int Gid, string Home);

public sealed record GroupEntry(string Name, int Gid, IReadOnlyList<string> Members);

/// <summary>The user and group databases (getpwnam/getgrnam and friends) the configuration resolves names against.</summary>
public interface IUserDatabase
{
    PasswdEntry? FindUser(string name);
    PasswdEntry? FindUser(int uid);
    GroupEntry? FindGroup(string name);
    GroupEntry? FindGroup(int gid);

    /// <summary>What supervisord passes to setgroups(2) for a user: the primary gid, then every group listing the user.</summary>
    IReadOnlyList<int> GroupsForSetgroups(string userName, int primaryGid);
}
