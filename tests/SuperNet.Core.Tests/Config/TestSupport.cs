using SuperNet.Core.Config;

namespace SuperNet.Core.Tests.Config;

internal sealed class FakeUsers : IUserDatabase
{
    public static readonly FakeUsers Default = new(
        [new("root", 0, 0, "/root"), new("alice", 1000, 100, "/home/alice"), new("bob", 1001, 1001, "/home/bob")],
        [new("root", 0), new("users", 100), new("bob", 1001)]);

    private readonly PasswdEntry[] _users;
    private readonly GroupEntry[] _groups;

    public FakeUsers(PasswdEntry[] users, GroupEntry[] groups) => (_users, _groups) = (users, groups);

    public PasswdEntry? FindUser(string name) => _users.FirstOrDefault(u => u.Name == name);
    public PasswdEntry? FindUser(int uid) => _users.FirstOrDefault(u => u.Uid == uid);
    public GroupEntry? FindGroup(string name) => _groups.FirstOrDefault(g => g.Name == name);
    public GroupEntry? FindGroup(int gid) => _groups.FirstOrDefault(g => g.Gid == gid);
}

internal static class TestContext
{
    public static ConfigContext Create(string cwd, params (string Key, string Value)[] env) => new()
    {
        Environment = env.Select(e => new KeyValuePair<string, string>(e.Key, e.Value)).ToList(),
        CurrentDirectory = cwd,
        HostName = "testhost",
        CurrentUid = 0,
        Users = FakeUsers.Default,
    };
}
