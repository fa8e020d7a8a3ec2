using System.Text;

namespace SuperNet.Core.Config;

/// <summary>
/// Parses environment= values (contract §4.15): a non-POSIX shell-style lexer (Python shlex, posix off)
/// whose word characters are letters, digits and <c>_/.+-():</c>, read as KEY = VALUE SEPARATOR groups.
/// </summary>
public static class EnvironmentParser
{
    private const string Quotes = "'\"";

    /// <summary>Ordered pairs; a repeated key keeps its first position and its last value.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string value)
    {
        var tokens = Tokenize(value);
        var keys = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < tokens.Count; i += 4)
        {
            if (tokens.Count - i < 3 || tokens[i + 1] != "=")
                throw new ConfigException($"Unexpected end of key/value pairs in value '{value}'");
            string key = tokens[i];
            if (!values.ContainsKey(key)) keys.Add(key);
            values[key] = tokens[i + 2].Trim('\'', '"');
        }
        return keys.Select(k => new KeyValuePair<string, string>(k, values[k])).ToList();
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || "/.+-():".Contains(c);

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static List<string> Tokenize(string s)
    {
        var tokens = new List<string>();
        var token = new StringBuilder();
        char state = ' ';   // ' ' between tokens, 'a' in a word, or the open quote character
        int i = 0;
        while (true)
        {
            char? next = i < s.Length ? s[i++] : null;
            if (state == ' ')
            {
                if (next is null) break;
                char c = next.Value;
                if (IsWhitespace(c)) continue;
                if (c == '#') { SkipLine(s, ref i); continue; }
                token.Append(c);
                if (IsWordChar(c)) state = 'a';
                else if (Quotes.Contains(c)) state = c;
                else Emit();
            }
            else if (state == 'a')
            {
                if (next is null) { Emit(); break; }
                char c = next.Value;
                if (IsWhitespace(c)) { state = ' '; Emit(); }
                // A comment inside a word swallows the rest of the line but does not end the word.
                else if (c == '#') SkipLine(s, ref i);
                else if (IsWordChar(c) || Quotes.Contains(c)) token.Append(c);
                else { i--; state = ' '; Emit(); }
            }
            else
            {
                if (next is null) throw new ConfigException("No closing quotation");
                token.Append(next.Value);
                if (next.Value == state) { state = ' '; Emit(); }
            }
        }
        return tokens;

        void Emit()
        {
            if (token.Length > 0) tokens.Add(token.ToString());
            token.Clear();
        }
    }

    private static void SkipLine(string s, ref int i)
    {
        int nl = s.IndexOf('\n', i);
        i = nl < 0 ? s.Length : nl + 1;
    }
}
