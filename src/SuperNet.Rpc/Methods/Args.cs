using System.Text;
using SuperNet.Core.Config.Python;
using SuperNet.Core.Supervision;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Methods;

/// <summary>
/// Argument conversions with Python's leniency where supervisord relies on it: int() accepts numeric
/// strings, booleans and doubles; "wait" is plain truthiness; base64 arrives as a UTF-8 string.
/// </summary>
internal static class Args
{
    public static string Str(XmlRpcValue value) => value switch
    {
        XmlRpcString s => s.Value,
        XmlRpcBase64 b => Encoding.UTF8.GetString(b.Value),
        _ => throw new RpcArgumentTypeException($"expected a string, got {value.TypeName}"),
    };

    public static bool IsString(XmlRpcValue value) => value is XmlRpcString or XmlRpcBase64;

    /// <summary>
    /// Python's int(value): a string as int() reads it (a bad one is a ValueError, HTTP 500); a list, dict or nil is
    /// a TypeError, which supervisord's dispatcher answers with INCORRECT_PARAMETERS.
    /// </summary>
    public static long Int(XmlRpcValue value) => value switch
    {
        XmlRpcInt i => i.Value,
        XmlRpcBoolean b => b.Value ? 1 : 0,
        XmlRpcDouble d when double.IsFinite(d.Value) => (long)Math.Truncate(d.Value),
        _ when IsString(value) && PyInt.TryParse(Str(value), out var n) => n,
        XmlRpcArray or XmlRpcStruct or XmlRpcNil => throw new RpcFaultException(Fault.IncorrectParameters),
        _ => throw new RpcArgumentTypeException($"expected an int, got {value.TypeName} {PyStr(value)}"),
    };

    public static bool Truthy(XmlRpcValue value) => value switch
    {
        XmlRpcBoolean b => b.Value,
        XmlRpcInt i => i.Value != 0,
        XmlRpcDouble d => d.Value != 0,
        XmlRpcString s => s.Value.Length > 0,
        XmlRpcBase64 b => b.Value.Length > 0,
        XmlRpcArray a => a.Items.Count > 0,
        XmlRpcStruct s => s.Members.Count > 0,
        XmlRpcNil => false,
        _ => true,
    };

    /// <summary>The value as Python's str() shows it, for fault details such as INCORRECT_PARAMETERS: 5.</summary>
    public static string PyStr(XmlRpcValue value) => value switch
    {
        XmlRpcString s => s.Value,
        XmlRpcBase64 b => Encoding.UTF8.GetString(b.Value),
        XmlRpcArray a => "[" + string.Join(", ", a.Items.Select(PyRepr)) + "]",
        XmlRpcStruct s => "{" + string.Join(", ", s.Members.Select(m => $"'{m.Key}': {PyRepr(m.Value)}")) + "}",
        _ => value.ToString()!,
    };

    private static string PyRepr(XmlRpcValue value) => value is XmlRpcString s ? $"'{s.Value}'" : PyStr(value);

    public static bool Wait(IReadOnlyList<XmlRpcValue> args, int index) => args.Count <= index || Truthy(args[index]);
}
