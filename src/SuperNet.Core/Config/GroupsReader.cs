using System.Text.RegularExpressions;
using SuperNet.Core.Config.Python;
using SuperNet.Core.Events;

namespace SuperNet.Core.Config;

/// <summary>
/// Turns the program-like sections into process groups (contract §4.8-§4.11) in supervisord's order:
/// [group:x] first, then the remaining [program:x], then [eventlistener:x], then [fcgi-program:x];
/// finally sorted by priority, then name.
/// </summary>
internal sealed partial class GroupsReader(OptionReader reader, ProgramSectionReader programs, string here, ConfigContext ctx)
{
    private IniFile Ini => reader.Ini;

    public List<GroupConfig> Read()
    {
        var groups = new List<GroupConfig>();
        var sections = Ini.Sections;
        var known = new HashSet<string>(sections, StringComparer.Ordinal);
        var inHeterogeneousGroup = new HashSet<string>(StringComparer.Ordinal);
        var hereNames = new ExpansionNames().Set("here", here);

        foreach (var groupSection in sections.Where(s => s.StartsWith("group:", StringComparison.Ordinal)))
        {
            string groupName = ConfigValues.Name(groupSection[6..]);
            string? programList = reader.Get(groupSection, "programs", null, hereNames);
            var members = string.IsNullOrEmpty(programList) ? [] : programList.Split(',').Select(PyText.Strip).ToList();
            int priority = ConfigValues.Int32(reader.GetRequired(groupSection, "priority", "999", hereNames));
            var processes = new List<ProcessConfig>();
            // Quirk (contract §4.9): errors name the previously resolved member's section.
            string reported = groupSection;
            foreach (var member in members)
            {
                string program = "program:" + member, fcgi = "fcgi-program:" + member;
                bool isProgram = known.Contains(program), isFcgi = known.Contains(fcgi);
                if (!isProgram && !isFcgi)
                    throw new ConfigException($"[{reported}] names unknown program or fcgi-program {member}");
                if (isProgram && isFcgi)
                    throw new ConfigException($"[{reported}] name {member} is ambiguous (exists as program and fcgi-program)");
                reported = isProgram ? program : fcgi;
                inHeterogeneousGroup.Add(reported);
                // An fcgi-program inside a [group:x] becomes a plain program: no socket is made.
                processes.AddRange(programs.Read(reported, groupName));
            }
            groups.Add(new GroupConfig { Name = groupName, Priority = priority, Processes = processes });
        }

        foreach (var section in sections.Where(s => s.StartsWith("program:", StringComparison.Ordinal) && !inHeterogeneousGroup.Contains(s)))
        {
            string name = ConfigValues.Name(section[8..]);
            int priority = ConfigValues.Int32(reader.GetRequired(section, "priority", "999", hereNames));
            groups.Add(new GroupConfig { Name = name, Priority = priority, Processes = programs.Read(section, name) });
        }

        foreach (var section in sections.Where(s => s.StartsWith("eventlistener:", StringComparison.Ordinal)))
            groups.Add(ReadListenerPool(section, hereNames));

        foreach (var section in sections.Where(s => s.StartsWith("fcgi-program:", StringComparison.Ordinal) && !inHeterogeneousGroup.Contains(s)))
            groups.Add(ReadFastCgiGroup(section, hereNames));

        // List.Sort is unstable; supervisord's sort is stable, so break ties by original position.
        return groups.Select((g, i) => (g, i))
            .OrderBy(t => t.g.Priority).ThenBy(t => t.g.Name, StringComparer.Ordinal).ThenBy(t => t.i)
            .Select(t => t.g).ToList();
    }

    private GroupConfig ReadListenerPool(string section, ExpansionNames hereNames)
    {
        string poolName = section[(section.IndexOf(':') + 1)..];
        string Get(string option, string fallback) => reader.GetRequired(section, option, fallback, hereNames);

        int priority = ConfigValues.Int32(Get("priority", "-1"));
        int bufferSize = ConfigValues.Int32(Get("buffer_size", "10"));
        if (bufferSize < 1)
            throw new ConfigException($"[{section}] section sets invalid buffer_size ({bufferSize})");
        string resultHandlerSpec = PyText.Strip(Get("result_handler", ResultHandlers.Default));
        // supervisord imports any Python callable; supernetd runs the supported ones natively and names them.
        if (EntryPointSpec.Target(resultHandlerSpec) is not { } resultHandler || !ResultHandlers.Supported.Contains(resultHandler))
            throw new ConfigException(
                $"{resultHandlerSpec} cannot be resolved within [{section}] (supernetd supports result_handler={string.Join(", ", ResultHandlers.Supported)})");

        string eventsText = Get("events", "");
        var events = eventsText.Length == 0 ? [] : eventsText.Split(',').Select(e => PyText.Strip(e).ToUpperInvariant()).Distinct().ToList();
        if (events.Count == 0)
            throw new ConfigException($"[{section}] section requires an \"events\" line");
        foreach (var name in events)
        {
            if (!EventTypeNames.All.Contains(name))
                throw new ConfigException($"Unknown event type {name} in [{section}] events");
        }
        if (ConfigValues.Boolean(Get("redirect_stderr", "false")))
        {
            throw new ConfigException($"[{section}] section sets redirect_stderr=true but this is not allowed because it will interfere with the eventlistener protocol");
        }

        return new GroupConfig
        {
            Name = poolName,
            Priority = priority,
            Kind = GroupKind.EventListener,
            Processes = programs.Read(section, poolName),
            Listener = new EventListenerOptions { Events = events, BufferSize = bufferSize, ResultHandler = resultHandler },
        };
    }

    private GroupConfig ReadFastCgiGroup(string section, ExpansionNames hereNames)
    {
        string programName = ConfigValues.Name(section[(section.IndexOf(':') + 1)..]);
        string? GetOptional(string option) => reader.Get(section, option, null, hereNames);

        int priority = ConfigValues.Int32(reader.GetRequired(section, "priority", "999", hereNames));
        UserSpec? procUser = GetOptional("user") is string u ? UserResolver.User(u, ctx.Users) : null;

        int? backlog = null;
        if (GetOptional("socket_backlog") is string b)
        {
            var value = ConfigValues.Number(b);
            if (value < 1 || value > 65535) throw new ConfigException($"Invalid socket_backlog value {value}");
            backlog = (int)value;
        }
        UserSpec? owner = null;
        if (GetOptional("socket_owner") is string o)
        {
            var resolved = UserResolver.TryUserGroup(o, ctx.Users)
                ?? throw new ConfigException($"Invalid socket_owner value {o}");
            owner = resolved.User with { Gid = resolved.Gid };
        }
        int? mode = null;
        if (GetOptional("socket_mode") is string m)
        {
            mode = ConfigValues.TryParseInt(m, 8, out long parsed) && parsed is >= int.MinValue and <= int.MaxValue
                ? (int)parsed
                : throw new ConfigException($"Invalid socket_mode value {m}");
        }
        var socketNames = new ExpansionNames().Set("program_name", programName).Set("here", here);
        string? socket = reader.Get(section, "socket", null, socketNames);
        if (string.IsNullOrEmpty(socket))
            throw new ConfigException($"[{section}] section requires a \"socket\" line");

        FastCgiOptions fcgi;
        try
        {
            fcgi = ParseSocket(socket, procUser, owner, mode, backlog);
        }
        catch (ConfigException e)
        {
            throw new ConfigException($"{e.Message} in [{section}] socket");
        }

        return new GroupConfig
        {
            Name = programName,
            Priority = priority,
            Kind = GroupKind.FastCgi,
            Processes = programs.Read(section, programName),
            FastCgi = fcgi,
        };
    }

    private FastCgiOptions ParseSocket(string socket, UserSpec? procUser, UserSpec? owner, int? mode, int? backlog)
    {
        if (socket.StartsWith("unix://", StringComparison.Ordinal))
        {
            string path = socket[7..];
            // Upstream passes two arguments to ValueError, so the text is a tuple's repr.
            if (!PyPath.IsAbs(path))
                throw new ConfigException($"('Unix socket path %s is not an absolute path', {PyText.Repr(path)})");
            path = PyPath.Normalize(path, ctx);
            if (owner is null && procUser is not null && procUser.Uid != ctx.CurrentUid) owner = procUser;
            return new FastCgiOptions
            {
                Socket = "unix://" + path,
                Backlog = backlog ?? 0,
                SocketOwner = owner,
                SocketMode = mode ?? Convert.ToInt32("0700", 8),
            };
        }
        if (owner is not null || mode is not null)
            throw new ConfigException("socket_owner and socket_mode params should only be used with a Unix domain socket");
        var match = TcpSocket().Match(socket);
        if (!match.Success)
            throw new ConfigException($"('Bad socket format %s', {PyText.Repr(socket)})");
        string host = match.Groups[1].Value.ToLowerInvariant();
        var port = ConfigValues.Number(match.Groups[2].Value);
        if (port < 1) throw new ConfigException($"{port} is below lower bound (1)");
        if (port > 65535) throw new ConfigException($"{port} is above upper bound (65535)");
        return new FastCgiOptions { Socket = $"tcp://{host}:{port}", Backlog = backlog ?? 0 };
    }

    [GeneratedRegex(@"^tcp://([^\s:]+):(\d+)\n?\z")]
    private static partial Regex TcpSocket();
}
