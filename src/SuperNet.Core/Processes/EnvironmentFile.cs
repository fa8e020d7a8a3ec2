using System.Text;
using SuperNet.Core.Os;

namespace SuperNet.Core.Processes;

/// <summary>A missing, unreadable or malformed environment_file; the message names the file (and line).</summary>
public sealed class EnvironmentFileException(string message) : Exception(message);

/// <summary>
/// environment_file= in dotenv syntax: <c>KEY=value</c> lines, blank lines and <c>#</c> comments, an optional
/// <c>export </c> prefix, single quotes (literal) and double quotes (<c>\n \t \" \\ \$</c> escapes), both
/// allowed to span lines. <c>${VAR}</c> and <c>${VAR:-default}</c> in unquoted and double-quoted values are
/// python-dotenv's references: an earlier line of the file, else what the child's environment holds so far.
/// </summary>
public static class EnvironmentFile
{
    /// <summary>
    /// Reads and parses <paramref name="path"/> as the daemon's user; only a regular file is read (see
    /// <see cref="IRegularFileOpener"/>). Throws <see cref="EnvironmentFileException"/>.
    /// </summary>
    /// <param name="lookup">A reference's value when no earlier line of the file sets it; null: unset.</param>
    public static List<KeyValuePair<string, string>> Read(string path, IRegularFileOpener files, Func<string, string?>? lookup = null)
    {
        string text;
        try
        {
            text = ReadBounded(path, files);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            throw new EnvironmentFileException($"couldn't read environment_file {path}: {Reason(e)}");
        }
        return Parse(text, path, lookup);
    }

    // Read on the supervisor thread at every spawn: a log file named by mistake must fail that spawn rather than
    // fill the daemon's memory. The kernel refuses an environment this large anyway.
    private const int LargestFile = 4 << 20;

    private static string ReadBounded(string path, IRegularFileOpener files)
    {
        using var file = files.OpenRead(path);
        // Grown as it fills: an ordinary file of a few lines costs one small buffer, and one past the limit stops
        // being read there.
        var data = new byte[4096];
        int filled = 0, read;
        while ((read = file.Read(data, filled, data.Length - filled)) > 0)
        {
            filled += read;
            if (filled > LargestFile)
            {
                throw new IOException($"larger than {LargestFile >> 20} MiB");
            }
            if (filled == data.Length)
            {
                Array.Resize(ref data, Math.Min(data.Length * 2, LargestFile + 1));
            }
        }
        var text = data.AsSpan(0, filled);
        if (text.StartsWith("\uFEFF"u8))
        {
            text = text[3..];
        }
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(text);
    }

    public static List<KeyValuePair<string, string>> Parse(string text, string path, Func<string, string?>? lookup = null)
    {
        var result = new List<KeyValuePair<string, string>>();
        var earlier = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Resolve(string name) => earlier.TryGetValue(name, out var value) ? value : lookup?.Invoke(name);
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNumber = i + 1;
            // Only the start is trimmed: a quoted value that goes on to the next line keeps its trailing blanks.
            string line = lines[i].TrimStart();
            if (line.Length == 0 || line[0] == '#')
                continue;
            if (line.StartsWith("export ", StringComparison.Ordinal) || line.StartsWith("export\t", StringComparison.Ordinal))
                line = line[7..].TrimStart();
            int eq = line.IndexOf('=');
            if (eq < 0)
                throw Error(path, lineNumber, "expected KEY=VALUE");
            string key = line[..eq].TrimEnd();
            if (!IsName(key))
                throw Error(path, lineNumber, $"invalid variable name '{key}'");
            string rest = line[(eq + 1)..].TrimStart();
            string value;
            if (rest.Length > 0 && rest[0] is '"' or '\'')
            {
                value = Quoted(lines, ref i, rest, path, Resolve);
            }
            else
            {
                // An unquoted value ends at a comment that follows whitespace, as in shells.
                int comment = rest.IndexOf(" #", StringComparison.Ordinal);
                int tabComment = rest.IndexOf("\t#", StringComparison.Ordinal);
                if (tabComment >= 0 && (comment < 0 || tabComment < comment))
                    comment = tabComment;
                value = Expand((comment >= 0 ? rest[..comment] : rest).TrimEnd(), Resolve);
            }
            earlier[key] = value;
            result.Add(new(key, value));
        }
        return result;
    }

    // Reads from the opening quote to its match, continuing on following lines; index ends on the closing line.
    private static string Quoted(string[] lines, ref int index, string start, string path, Func<string, string?> resolve)
    {
        int firstLine = index + 1;
        char quote = start[0];
        var value = new StringBuilder();
        string current = start[1..];
        while (true)
        {
            for (int j = 0; j < current.Length; j++)
            {
                char c = current[j];
                if (c == quote)
                {
                    string after = current[(j + 1)..].Trim();
                    if (after.Length > 0 && after[0] != '#')
                        throw Error(path, index + 1, $"unexpected text after the closing quote: {after}");
                    return value.ToString();
                }
                if (quote == '"' && c == '\\' && j + 1 < current.Length)
                {
                    j++;
                    value.Append(current[j] switch
                    {
                        'n' => "\n",
                        't' => "\t",
                        'r' => "\r",
                        '"' or '\\' or '$' or '\'' => current[j].ToString(),
                        var other => "\\" + other,
                    });
                    continue;
                }
                if (quote == '"' && c == '$' && Reference(current, j, resolve) is { } reference)
                {
                    value.Append(reference.Value);
                    j += reference.Length - 1;
                    continue;
                }
                value.Append(c);
            }
            index++;
            if (index >= lines.Length)
                throw Error(path, firstLine, $"unterminated {(quote == '"' ? "double" : "single")}-quoted value");
            value.Append('\n');
            current = lines[index];
        }
    }

    private static string Expand(string text, Func<string, string?> resolve)
    {
        int at = text.IndexOf("${", StringComparison.Ordinal);
        if (at < 0)
            return text;
        var value = new StringBuilder(text[..at]);
        for (int j = at; j < text.Length; j++)
        {
            if (text[j] == '$' && Reference(text, j, resolve) is { } reference)
            {
                value.Append(reference.Value);
                j += reference.Length - 1;
                continue;
            }
            value.Append(text[j]);
        }
        return value.ToString();
    }

    // python-dotenv's form: ${NAME} or ${NAME:-default} (the default when NAME is unset or empty), on one line; a
    // '$' that does not open one is kept as written.
    private static (string Value, int Length)? Reference(string text, int at, Func<string, string?> resolve)
    {
        if (at + 1 >= text.Length || text[at + 1] != '{')
            return null;
        int close = text.IndexOf('}', at + 2);
        if (close < 0)
            return null;
        var inside = text.AsSpan(at + 2, close - at - 2);
        int colon = inside.IndexOf(':');
        if (colon >= 0 && !inside[colon..].StartsWith(":-"))
            return null;
        var name = (colon < 0 ? inside : inside[..colon]).ToString();
        var value = resolve(name);
        if (colon >= 0 && string.IsNullOrEmpty(value))
            value = inside[(colon + 2)..].ToString();
        return (value ?? "", close - at + 1);
    }

    private static bool IsName(string key) =>
        key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static EnvironmentFileException Error(string path, int line, string why) =>
        new($"environment_file {path} line {line}: {why}");

    private static string Reason(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        DecoderFallbackException => "not valid UTF-8",
        _ => e.Message,
    };
}
