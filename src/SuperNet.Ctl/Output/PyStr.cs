using System.Globalization;
using SuperNet.Core.Logging;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Output;

/// <summary>
/// Python's str() of a value as xmlrpc.client decodes it, which supervisorctl prints for a result it does not
/// format itself (pid, version, the upcheck's version): a server answering a list where a string belongs shows
/// the list, not a .NET type's text.
/// </summary>
internal static class PyStr
{
    public static string Of(XmlRpcValue? value) => value?.Tree switch
    {
        null => "None",
        XmlRpcString s => s.Value,
        var other => Repr(other),
    };

    private static string Repr(XmlRpcValue value) => value.Tree switch
    {
        XmlRpcString s => PythonRepr.Str(s.Value),
        XmlRpcDouble d => Float(d.Value),
        XmlRpcArray a => "[" + string.Join(", ", a.Items.Select(Repr)) + "]",
        XmlRpcStruct s => "{" + string.Join(", ", Dict(s).Select(m => PythonRepr.Str(m.Key) + ": " + Repr(m.Value))) + "}",
        // Python shows these objects with their address, which no two runs share.
        XmlRpcBase64 => "<xmlrpc.client.Binary object>",
        XmlRpcDateTime t => $"<DateTime '{t}'>",
        var other => other.ToString(),
    };

    /// <summary>A dict keeps a repeated key's first place and its last value.</summary>
    private static IEnumerable<KeyValuePair<string, XmlRpcValue>> Dict(XmlRpcStruct s) =>
        s.Members.Select(m => m.Key).Distinct().Select(key => new KeyValuePair<string, XmlRpcValue>(key, s[key]!));

    private static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
        return text.Contains('e') || text.Contains('.') ? text : text + ".0";
    }
}
