namespace SuperNet.Core.Config;

public sealed record PasswdEntry(string Name, int Uid, int Gid, string Home);

public sealed record GroupEntry(string Name, int Gid);

/// <summary>The user and group databases (getpwnam/getgrnam and friends) the configuration resolves names against.</summary>
public interface IUserDatabase
{
    PasswdEntry? FindUser(string name);
    PasswdEntry? FindUser(int uid);
    GroupEntry? FindGroup(string name);
    GroupEntry? FindGroup(int gid);
}
