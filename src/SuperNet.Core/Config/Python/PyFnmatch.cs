namespace SuperNet.Core.Config.Python;

/// <summary>
/// fnmatch's pattern language (*, ?, [seq], [!seq]; an unclosed '[' is literal), matched on code points as Python
/// matches its str: '?' and a set take one character even outside the Basic Multilingual Plane, where a .NET regex
/// would see two UTF-16 units. The set rewriting follows fnmatch.translate, and the rewritten set is read as
/// Python's re reads a character class.
/// </summary>
internal sealed class PyFnmatch
{
    private enum Kind { Literal, Any, Star, Set }

    private readonly record struct Token(Kind Kind, int Char = 0, bool Negated = false, (int Low, int High)[]? Ranges = null)
    {
        public bool Matches(int c) => Kind switch
        {
            Kind.Literal => c == Char,
            Kind.Any => true,
            _ => Ranges!.Any(r => r.Low <= c && c <= r.High) != Negated,
        };
    }

    private readonly Token[] tokens;

    private PyFnmatch(Token[] tokens) => this.tokens = tokens;

    public static PyFnmatch Translate(string pattern)
    {
        var pat = CodePoints(pattern);
        var tokens = new List<Token>();
        var i = 0;
        while (i < pat.Length)
        {
            var c = pat[i++];
            if (c == '*')
            {
                if (tokens.Count == 0 || tokens[^1].Kind != Kind.Star)
                {
                    tokens.Add(new Token(Kind.Star));
                }
            }
            else if (c == '?')
            {
                tokens.Add(new Token(Kind.Any));
            }
            else if (c == '[')
            {
                var j = i;
                if (j < pat.Length && pat[j] == '!') j++;
                if (j < pat.Length && pat[j] == ']') j++;
                while (j < pat.Length && pat[j] != ']') j++;
                if (j >= pat.Length)
                {
                    tokens.Add(new Token(Kind.Literal, '['));
                    continue;
                }
                tokens.Add(CharacterSet(pat, i, j));
                i = j + 1;
            }
            else
            {
                tokens.Add(new Token(Kind.Literal, c));
            }
        }
        return new PyFnmatch([.. tokens]);
    }

    public bool IsMatch(string name)
    {
        var s = CodePoints(name);
        int p = 0, at = 0, star = -1, starAt = 0;
        while (at < s.Length)
        {
            if (p < tokens.Length && tokens[p].Kind == Kind.Star)
            {
                star = p++;
                starAt = at;
            }
            else if (p < tokens.Length && tokens[p].Matches(s[at]))
            {
                p++;
                at++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                at = ++starAt;
            }
            else
            {
                return false;
            }
        }
        while (p < tokens.Length && tokens[p].Kind == Kind.Star) p++;
        return p == tokens.Length;
    }

    /// <summary>
    /// fnmatch's rewrite of the set between pat[start] and pat[end] (the closing ']'): a reversed range such as
    /// z-a is empty and dropped, hyphens that do not make a range are literal, and a set left empty never matches
    /// (its negation, "[!z-a]", matches any one character).
    /// </summary>
    private static Token CharacterSet(int[] pat, int start, int end)
    {
        List<int> stuff;
        if (Array.IndexOf(pat, '-', start, end - start) < 0)
        {
            stuff = Escaped(pat[start..end], escapeHyphens: false);
        }
        else
        {
            var chunks = new List<int[]>();
            var from = start;
            var k = pat[start] == '!' ? start + 2 : start + 1;
            while (k < end && (k = Array.IndexOf(pat, '-', k, end - k)) >= 0)
            {
                chunks.Add(pat[from..k]);
                from = k + 1;
                k += 3;
            }
            var last = pat[from..end];
            if (last.Length > 0) chunks.Add(last);
            else chunks[^1] = [.. chunks[^1], '-'];
            for (var m = chunks.Count - 1; m > 0; m--)
            {
                if (chunks[m - 1].Length > 0 && chunks[m].Length > 0 && chunks[m - 1][^1] > chunks[m][0])
                {
                    chunks[m - 1] = [.. chunks[m - 1][..^1], .. chunks[m][1..]];
                    chunks.RemoveAt(m);
                }
            }
            stuff = [];
            for (var m = 0; m < chunks.Count; m++)
            {
                if (m > 0) stuff.Add('-');
                stuff.AddRange(Escaped(chunks[m], escapeHyphens: true));
            }
        }
        if (stuff.Count == 0) return new Token(Kind.Set, Ranges: []);
        if (stuff is ['!']) return new Token(Kind.Any);
        var negated = stuff[0] == '!';
        return new Token(Kind.Set, Negated: negated, Ranges: ClassRanges(negated ? stuff[1..] : stuff));
    }

    private static List<int> Escaped(int[] chunk, bool escapeHyphens)
    {
        var result = new List<int>(chunk.Length);
        foreach (var c in chunk)
        {
            if (c == '\\' || (escapeHyphens && c == '-')) result.Add('\\');
            result.Add(c);
        }
        return result;
    }

    /// <summary>The body of a Python re character class as sre_parse reads it (every escape here is a literal).</summary>
    private static (int Low, int High)[] ClassRanges(List<int> body)
    {
        var ranges = new List<(int, int)>();
        var i = 0;
        int Next() => body[i] == '\\' && i + 1 < body.Count ? body[(i += 2) - 1] : body[i++];
        while (i < body.Count)
        {
            var low = Next();
            if (i + 1 < body.Count && body[i] == '-')
            {
                i++;
                var high = Next();
                if (low <= high) ranges.Add((low, high));
            }
            else
            {
                ranges.Add((low, low));
            }
        }
        return [.. ranges];
    }

    private static int[] CodePoints(string text)
    {
        var points = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            points.Add(rune.Value);
        }
        return [.. points];
    }
}
