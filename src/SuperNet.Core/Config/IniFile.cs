using System.Globalization;
using System.Text;
using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Config;

/// <summary>
/// An INI document read the way supervisord's parser (Python 3 RawConfigParser, inline comment prefixes
/// ';' and '#', non-strict) reads it (contract §4.2). Several files may be read into one instance:
/// sections merge and later keys win.
/// </summary>
public sealed class IniFile
{
    public const string DefaultSection = "DEFAULT";

    private readonly Dictionary<string, Dictionary<string, string>> _sections = new(StringComparer.Ordinal);
    private readonly List<string> _sectionOrder = [];
    private readonly Dictionary<string, string> _defaults = new(StringComparer.Ordinal);
    private readonly List<string> _defaultOrder = [];
    private readonly Dictionary<string, List<string>> _keyOrder = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _sectionFiles = new(StringComparer.Ordinal);
    private readonly List<string> _repeated = [];

    /// <summary>Section names (without DEFAULT) in order of first appearance.</summary>
    public IReadOnlyList<string> Sections => _sectionOrder;

    /// <summary>The [DEFAULT] keys in order of first appearance.</summary>
    public IReadOnlyList<string> DefaultKeys => _defaultOrder;

    /// <summary>
    /// Each section header and key seen again (the parser merges them silently, the later value winning): where,
    /// for --check-config. A repeated [DEFAULT] header is not listed, nor anything in a file that failed to parse.
    /// </summary>
    public IReadOnlyList<string> Repeated => _repeated;

    /// <summary>For sections first seen in a text read with trackSectionsAs: that file.</summary>
    public IReadOnlyDictionary<string, string> SectionFiles => _sectionFiles;

    public static IniFile Parse(string text, string fileName)
    {
        var ini = new IniFile();
        ini.Read(text, fileName);
        return ini;
    }

    public bool HasSection(string section) => _sections.ContainsKey(section);

    /// <summary>The value of a key (case-insensitive) in a section, falling back to [DEFAULT].</summary>
    public bool TryGet(string section, string key, out string value)
    {
        key = key.ToLowerInvariant();
        if (_sections.TryGetValue(section, out var dict) && dict.TryGetValue(key, out value!)) return true;
        return _defaults.TryGetValue(key, out value!);
    }

    public string? Get(string section, string key) => TryGet(section, key, out var v) ? v : null;

    /// <summary>The keys of a section followed by the [DEFAULT] keys it does not set.</summary>
    public IReadOnlyList<string> Options(string section)
    {
        var result = new List<string>(_keyOrder.TryGetValue(section, out var own) ? own : []);
        var seen = new HashSet<string>(result, StringComparer.Ordinal);
        result.AddRange(_defaultOrder.Where(seen.Add));
        return result;
    }

    /// <summary>The keys written in the section itself, without the [DEFAULT] ones.</summary>
    public IReadOnlyList<string> OwnOptions(string section) =>
        _keyOrder.TryGetValue(section, out var own) ? own : [];

    public void Set(string section, string key, string value)
    {
        key = key.ToLowerInvariant();
        if (section == DefaultSection)
        {
            if (_defaults.TryAdd(key, value)) _defaultOrder.Add(key); else _defaults[key] = value;
            return;
        }
        var dict = _sections[section];
        if (dict.TryAdd(key, value)) _keyOrder[section].Add(key); else dict[key] = value;
    }

    /// <summary>
    /// Replaces the literal text "%(here)s" in every section's values (defaults included, which then
    /// become section values) — how supervisord gives each included file its own here.
    /// </summary>
    public void ExpandHere(string here)
    {
        const string token = "%(here)s";
        foreach (var section in _sectionOrder)
        {
            foreach (var key in Options(section))
            {
                if (TryGet(section, key, out var value) && value.Contains(token, StringComparison.Ordinal))
                    Set(section, key, value.Replace(token, here, StringComparison.Ordinal));
            }
        }
    }

    /// <summary>Parses one source into this document. Throws <see cref="ConfigException"/> with Python's texts.</summary>
    /// <param name="trackSectionsAs">When set, sections first seen in this text remember this file (error suffixes).</param>
    public void Read(string text, string fileName, string? trackSectionsAs = null)
    {
        int knownSections = _sectionOrder.Count;
        try
        {
            ReadLines(text, fileName);
        }
        finally
        {
            if (trackSectionsAs is not null)
            {
                for (int i = knownSections; i < _sectionOrder.Count; i++)
                    _sectionFiles.TryAdd(_sectionOrder[i], trackSectionsAs);
            }
        }
    }

    private void ReadLines(string text, string fileName)
    {
        var pending = new Dictionary<(string? Section, string Key), List<string>>();
        string? section = null;   // null: before any header; DefaultSection: [DEFAULT]
        string? option = null;
        int indentLevel = 0;
        StringBuilder? errors = null;

        var lines = SplitLines(text);
        for (int n = 0; n < lines.Count; n++)
        {
            string line = lines[n];
            int lineNo = n + 1;
            int? commentStart = FindCommentStart(line);
            string value = PyText.Strip(commentStart is int cs ? line[..cs] : line);
            if (value.Length == 0)
            {
                // Blank lines inside a value are kept; comment-only lines are not.
                if (commentStart is null && section is not null && option is not null)
                    pending[(section, option)].Add("");
                continue;
            }

            int indent = 0;
            while (indent < line.Length && PyText.IsSpace(line[indent])) indent++;
            if (section is not null && !string.IsNullOrEmpty(option) && indent > indentLevel)
            {
                pending[(section, option)].Add(value);
                continue;
            }

            indentLevel = indent;
            int close = value.LastIndexOf(']');
            if (value[0] == '[' && close >= 2)
            {
                section = value[1..close];
                if (section != DefaultSection && _sections.ContainsKey(section))
                {
                    _repeated.Add($"section [{section}] appears again (file: '{fileName}', line {lineNo}): its keys are merged into the earlier one's, later values winning");
                }
                else if (section != DefaultSection)
                {
                    _sections[section] = new Dictionary<string, string>(StringComparer.Ordinal);
                    _keyOrder[section] = [];
                    _sectionOrder.Add(section);
                }
                option = null;
                continue;
            }
            if (section is null)
            {
                throw new ConfigException(
                    $"File contains no section headers.\nfile: {PyText.Repr(fileName)}, line: {lineNo}\n{PyText.Repr(line)}")
                { IsSyntaxError = true };
            }

            int delim = value.IndexOfAny(['=', ':']);
            string key = delim < 0 ? "" : PyText.RStrip(value[..delim]);
            if (key.Length == 0)
            {
                errors ??= new StringBuilder("Source contains parsing errors: " + PyText.Repr(fileName));
                errors.Append(CultureInfo.InvariantCulture, $"\n\t[line {lineNo,2}]: {PyText.Repr(line)}");
                if (delim < 0) continue;
            }
            option = key.ToLowerInvariant();
            if (key.Length > 0 && (pending.ContainsKey((section, option))
                || (section == DefaultSection ? _defaults : _sections[section]).ContainsKey(option)))
            {
                _repeated.Add($"key '{option}' in section [{section}] is set again (file: '{fileName}', line {lineNo}): the later value wins");
            }
            pending[(section, option)] = [PyText.Strip(value[(delim + 1)..])];
            if (key.Length > 0) Set(section, option, "");
        }

        foreach (var ((sect, key), parts) in pending)
        {
            if (key.Length == 0) continue;
            Set(sect!, key, PyText.RStrip(string.Join('\n', parts)));
        }
        if (errors is not null) throw new ConfigException(errors.ToString()) { IsSyntaxError = true };
    }

    /// <summary>
    /// Where an inline comment starts: a ';' or '#' at the line start or after whitespace. Mirrors the
    /// parser's search, which advances every prefix in lockstep and stops at the first round that
    /// finds a qualifying one.
    /// </summary>
    private static int? FindCommentStart(string line)
    {
        string trimmed = PyText.Strip(line);
        if (trimmed.StartsWith('#') || trimmed.StartsWith(';')) return 0;

        // The two prefixes' last positions (-1 before the first round, int.MinValue once a prefix has no more
        // matches); plain locals, as this runs for every line of every file the daemon and the ctl read.
        int best = int.MaxValue;
        int semicolon = -1, hash = -1;
        while (best == int.MaxValue && (semicolon != int.MinValue || hash != int.MinValue))
        {
            semicolon = NextPrefix(line, ';', semicolon, ref best);
            hash = NextPrefix(line, '#', hash, ref best);
        }
        return best == int.MaxValue ? null : best;
    }

    private static int NextPrefix(string line, char prefix, int from, ref int best)
    {
        if (from == int.MinValue) return from;
        int index = line.IndexOf(prefix, from + 1);
        if (index < 0) return int.MinValue;
        if (index == 0 || PyText.IsSpace(line[index - 1])) best = Math.Min(best, index);
        return index;
    }

    /// <summary>Lines as Python's universal-newline text reader yields them, each with its '\n'.</summary>
    private static List<string> SplitLines(string text)
    {
        text = text.Replace("\r\n", "\n").Replace('\r', '\n');
        var lines = new List<string>();
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            if (nl < 0) { lines.Add(text[start..]); break; }
            lines.Add(text[start..(nl + 1)]);
            start = nl + 1;
        }
        return lines;
    }
}
