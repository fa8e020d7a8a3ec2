using System.Text;
using System.Globalization;

namespace SuperNet.Core.Config.Python;

/// <summary>
/// The name dictionary a value is %-formatted with: strings and integers, kept in insertion order
/// because a bare <c>%s</c> prints the whole mapping the way Python prints a dict.
/// </summary>
internal sealed class ExpansionNames
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public ExpansionNames() { }

    public ExpansionNames(ExpansionNames other)
    {
        foreach (var k in other._order) Set(k, other._values[k]);
    }

    public IEnumerable<string> Keys => _order;

    public ExpansionNames Set(string key, object value)
    {
        if (value is int i) value = (long)i;
        if (_values.TryAdd(key, value)) _order.Add(key); else _values[key] = value;
        return this;
    }

    public ExpansionNames SetAll(ExpansionNames other)
    {
        foreach (var k in other._order) Set(k, other._values[k]);
        return this;
    }

    public bool TryGetValue(string key, out object? value)
    {
        bool ok = _values.TryGetValue(key, out var v);
        value = v;
        return ok;
    }

    public string PythonRepr()
    {
        var sb = new StringBuilder("{");
        for (int i = 0; i < _order.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            var v = _values[_order[i]];
            sb.Append(PyText.Repr(_order[i])).Append(": ")
              .Append(v is string s ? PyText.Repr(s) : System.Convert.ToString(v, CultureInfo.InvariantCulture));
        }
        return sb.Append('}').ToString();
    }
}
