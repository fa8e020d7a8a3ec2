namespace SuperNet.Core.Config;

/// <summary>Resolves user and group names or ids the way supervisord's name_to_uid/name_to_gid do.</summary>
internal static class UserResolver
{
    public static UserSpec User(string value, IUserDatabase db)
    {
        if (ConfigValues.TryParseInt(value, 10, out long id))
        {
            var byId = id is >= int.MinValue and <= int.MaxValue ? db.FindUser((int)id) : null;
            return byId is null ? throw new ConfigException($"Invalid user id {value}") : new UserSpec(byId.Name, byId.Uid, byId.Gid);
        }
        var byName = db.FindUser(value) ?? throw new ConfigException($"Invalid user name {value}");
        return new UserSpec(byName.Name, byName.Uid, byName.Gid);
    }

    public static int GroupId(string value, IUserDatabase db)
    {
        if (ConfigValues.TryParseInt(value, 10, out long id))
        {
            var byId = id is >= int.MinValue and <= int.MaxValue ? db.FindGroup((int)id) : null;
            return byId?.Gid ?? throw new ConfigException($"Invalid group id {value}");
        }
        return db.FindGroup(value)?.Gid ?? throw new ConfigException($"Invalid group name {value}");
    }

    /// <summary>"user" or "user:group"; any failure is reported by the caller under its own wording.</summary>
    public static (UserSpec User, int Gid)? TryUserGroup(string value, IUserDatabase db)
    {
        try
        {
            int colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) return (User(value, db), -1);
            return (User(value[..colon], db), GroupId(value[(colon + 1)..], db));
        }
        catch (ConfigException)
        {
            return null;
        }
    }
}
