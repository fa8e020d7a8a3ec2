using SuperNet.Core.Logging;

namespace SuperNet.Ctl.Cli;

/// <summary>
/// supervisorctl's options, parsed with Python getopt's rules: short options may be bundled and take
/// their value attached or as the next word, long options may be abbreviated to a unique prefix,
/// option parsing stops at the first word that is not an option (the action), and `--` ends it.
/// </summary>
internal sealed class CommandLine
{
    private static readonly (string Long, char Short, bool TakesValue)[] Options =
    [
        ("help", 'h', false),
        ("configuration", 'c', true),
        ("interactive", 'i', false),
        ("serverurl", 's', true),
        ("username", 'u', true),
        ("password", 'p', true),
        ("history_file", 'r', true),
        ("json", '\0', false),
    ];

    public string? ConfigFile { get; private set; }

    public bool Interactive { get; private set; }

    public string? ServerUrl { get; private set; }

    public string? Username { get; private set; }

    public string? Password { get; private set; }

    public string? HistoryFile { get; private set; }

    public bool Json { get; private set; }

    /// <summary>The action and its arguments (empty: interactive shell).</summary>
    public IReadOnlyList<string> Action { get; private set; } = [];

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var result = new CommandLine();
        var found = new List<(char Key, string Spelled, string? Value)>();
        var i = 0;
        while (i < args.Count)
        {
            var arg = args[i];
            if (arg == "--")
            {
                i++;
                break;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var eq = arg.IndexOf('=');
                var name = eq < 0 ? arg[2..] : arg[2..eq];
                var option = FindLong(name);
                string? value = null;
                if (option.TakesValue)
                {
                    if (eq >= 0)
                    {
                        value = arg[(eq + 1)..];
                    }
                    else if (i + 1 < args.Count)
                    {
                        value = args[++i];
                    }
                    else
                    {
                        throw new UsageException($"option --{option.Long} requires argument");
                    }
                }
                else if (eq >= 0)
                {
                    throw new UsageException($"option --{option.Long} must not have an argument");
                }

                found.Add((option.Short, "--" + option.Long, value));
                i++;
                continue;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                break;
            }

            var j = 1;
            while (j < arg.Length)
            {
                var c = arg[j++];
                var option = Array.Find(Options, o => o.Short == c && c != '\0');
                if (option.Long is null)
                {
                    throw new UsageException($"option -{c} not recognized");
                }

                string? value = null;
                if (option.TakesValue)
                {
                    if (j < arg.Length)
                    {
                        value = arg[j..];
                    }
                    else if (i + 1 < args.Count)
                    {
                        value = args[++i];
                    }
                    else
                    {
                        throw new UsageException($"option -{c} requires argument");
                    }

                    j = arg.Length;
                }

                found.Add((c, "-" + c, value));
            }

            i++;
        }

        // getopt rejects a malformed command line as a whole before any option takes effect.
        foreach (var (key, spelled, value) in found)
        {
            result.Apply(key, spelled, value);
        }

        // `--json` is also accepted among the action's words (`status --json`), where scripts tend to put it.
        var action = args.Skip(i).ToList();
        if (action.Count > 1 && action.Remove("--json"))
        {
            result.Json = true;
            while (action.Remove("--json"))
            {
            }
        }

        result.Action = action;
        return result;
    }

    private static (string Long, char Short, bool TakesValue) FindLong(string name)
    {
        foreach (var option in Options)
        {
            if (option.Long == name)
            {
                return option;
            }
        }

        var matches = Options.Where(o => o.Long.StartsWith(name, StringComparison.Ordinal)).ToArray();
        return matches.Length switch
        {
            0 => throw new UsageException($"option --{name} not recognized"),
            1 => matches[0],
            _ => throw new UsageException($"option --{name} not a unique prefix"),
        };
    }

    private void Apply(char key, string spelled, string? value)
    {
        switch (key)
        {
            case 'h':
                // Upstream prints the help as soon as it meets the option, before applying later ones.
                throw new HelpRequested();
            case 'c':
                ConfigFile = Once(ConfigFile, value!, spelled);
                break;
            case 'i':
                if (Interactive)
                {
                    throw Conflict(spelled);
                }

                Interactive = true;
                break;
            case 's':
                // datatypes.url() parses first: urlsplit's error on the host comes before "not a URL".
                if (Net.PythonUrlSplit.NetlocError(value!) is { } invalid)
                {
                    throw new UsageException($"invalid value for {spelled} {PythonRepr.Str(value!)}: {invalid}");
                }

                if (!LooksLikeUrl(value!))
                {
                    throw new UsageException($"invalid value for {spelled} {PythonRepr.Str(value!)}: value {PythonRepr.Str(value!)} is not a URL");
                }

                ServerUrl = Once(ServerUrl, value!, spelled);
                break;
            case 'u':
                Username = Once(Username, value!, spelled);
                break;
            case 'p':
                Password = Once(Password, value!, spelled);
                break;
            case 'r':
                HistoryFile = Once(HistoryFile, value!, spelled);
                break;
            default:
                Json = true;
                break;
        }
    }

    private static string Once(string? current, string value, string spelled) =>
        current is null ? value : throw Conflict(spelled);

    private static UsageException Conflict(string spelled) =>
        new($"conflicting command line option {PythonRepr.Str(spelled)}");

    /// <summary>Python urlparse's view: a scheme and then a host or a path.</summary>
    internal static bool LooksLikeUrl(string value)
    {
        var scheme = UrlScheme(value, out var rest);
        if (scheme.Length == 0)
        {
            return false;
        }

        var cut = rest.IndexOfAny(['?', '#']);
        if (cut >= 0)
        {
            rest = rest[..cut];
        }

        return rest.Length > 0 && rest != "//";
    }

    /// <summary>The lower-cased scheme as Python's urlparse finds it ("" when there is none).</summary>
    internal static string UrlScheme(string value, out string rest)
    {
        rest = value;
        var colon = value.IndexOf(':');
        if (colon <= 0 || !char.IsAsciiLetter(value[0]))
        {
            return "";
        }

        for (var k = 0; k < colon; k++)
        {
            var c = value[k];
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '-' && c != '.')
            {
                return "";
            }
        }

        rest = value[(colon + 1)..];
        return value[..colon].ToLowerInvariant();
    }
}

/// <summary>`-h` was given: print the usage and exit 0.</summary>
internal sealed class HelpRequested : Exception;
