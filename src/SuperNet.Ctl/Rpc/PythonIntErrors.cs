using SuperNet.Core.Logging;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Rpc;

/// <summary>The ValueError texts of Python's int(), which supervisorctl shows for a server's int it cannot read.</summary>
internal static class PythonIntErrors
{
    public static string Of(XmlRpcIntException e) =>
        e.Digits is { } digits ? TooManyDigits(digits) : InvalidLiteral(PythonRepr.Str(e.Text));

    public static string TooManyDigits(int digits) =>
        $"Exceeds the limit ({PythonInt.MaxDigits} digits) for integer string conversion: value has {digits} digits; " +
        "use sys.set_int_max_str_digits() to increase the limit";

    /// <param name="repr">The repr of the text (a str's or a bytes'); Python's message keeps its first 200 code points.</param>
    public static string InvalidLiteral(string repr, int numberBase = 10)
    {
        var end = 0;
        for (var kept = 0; kept < 200 && end < repr.Length; kept++)
        {
            end += char.IsSurrogatePair(repr, end) ? 2 : 1;
        }
        return $"invalid literal for int() with base {numberBase}: " + repr[..end];
    }
}
