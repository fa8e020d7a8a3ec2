using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Config;

/// <summary>[inet_http_server*] then [unix_http_server*] sections (contract §1.1, §4.6).</summary>
internal static class ServerSectionReader
{
    public static List<ServerConfig> Read(OptionReader reader, string here, ConfigContext ctx)
    {
        var servers = new List<ServerConfig>();
        foreach (var section in reader.Ini.Sections.Where(s => s.StartsWith("inet_http_server", StringComparison.Ordinal)))
        {
            var (username, password) = ReadAuth(reader, section);
            string port = reader.Get(section, "port", null)
                ?? throw new ConfigException($"section [{section}] has no port value");
            var (host, portNumber) = InetAddress(port);
            servers.Add(new InetHttpServerConfig
            {
                Section = section, Username = username, Password = password, Host = host, Port = portNumber,
            });
        }

        var hereNames = new ExpansionNames().Set("here", here);
        foreach (var section in reader.Ini.Sections.Where(s => s.StartsWith("unix_http_server", StringComparison.Ordinal)))
        {
            string file = reader.Get(section, "file", null, hereNames)
                ?? throw new ConfigException($"section [{section}] has no file value");
            file = PyPath.Normalize(PyText.Strip(file), ctx);
            var (username, password) = ReadAuth(reader, section);
            int uid = -1, gid = -1;
            if (reader.Get(section, "chown", null) is string chown)
            {
                var owner = UserResolver.TryUserGroup(chown, ctx.Users)
                    ?? throw new ConfigException($"Invalid sockchown value {chown}");
                (uid, gid) = (owner.User.Uid, owner.Gid);
            }
            int chmod = Convert.ToInt32("0700", 8);
            if (reader.Get(section, "chmod", null) is string mode)
            {
                chmod = ConfigValues.TryParseInt(mode, 8, out long parsed) && parsed is >= int.MinValue and <= int.MaxValue
                    ? (int)parsed
                    : throw new ConfigException($"Invalid chmod value {mode}");
            }
            servers.Add(new UnixHttpServerConfig
            {
                Section = section, Username = username, Password = password,
                File = file, Chmod = chmod, ChownUid = uid, ChownGid = gid,
            });
        }
        return servers;
    }

    private static (string? Username, string? Password) ReadAuth(OptionReader reader, string section)
    {
        string? username = reader.Get(section, "username", null);
        string? password = reader.Get(section, "password", null);
        if ((username is null) != (password is null))
        {
            throw new ConfigException($"Section [{section}] contains incomplete authentication: If a username or a password is specified, both the username and password must be specified");
        }
        return (username, password);
    }

    /// <summary>"host:port", "*:port", ":port" or a bare port (contract §1.1).</summary>
    internal static (string Host, int Port) InetAddress(string value)
    {
        string host = "";
        int port;
        int colon = value.LastIndexOf(':');
        if (colon >= 0)
        {
            string portText = value[(colon + 1)..];
            if (portText.Length == 0)
                throw new ConfigException($"no port number specified in {PyText.Repr(portText)}");
            port = PortNumber(portText);
            host = value[..colon].ToLowerInvariant();
        }
        else
        {
            try
            {
                port = PortNumber(value);
            }
            catch (ConfigException)
            {
                // Upstream's message carries a trailing space.
                throw new ConfigException($"not a valid port number: {PyText.Repr(value)} ");
            }
        }
        if (host == "*") host = "";
        return (host, port);
    }

    private static int PortNumber(string text)
    {
        var n = ConfigValues.Number(text);
        if (n < 1) throw new ConfigException($"{n} is below lower bound (1)");
        if (n > 65535) throw new ConfigException($"{n} is above upper bound (65535)");
        return (int)n;
    }
}
