using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Rpc;

/// <summary>Typed reads of the struct members the commands print, tolerant of absent members.</summary>
internal static class Structs
{
    public static string Str(this XmlRpcStruct s, string name) => s[name] switch
    {
        XmlRpcString v => v.Value,
        null => "",
        // What Python's %s makes of it: a list shows as a list, never as a .NET record's text.
        var other => Output.PyStr.Of(other),
    };

    public static long Int(this XmlRpcStruct s, string name) => s[name] switch
    {
        XmlRpcInt v => v.Value,
        XmlRpcBoolean b => b.Value ? 1 : 0,
        _ => 0,
    };

    /// <summary>
    /// Python's `member == number`, what supervisorctl's `pid == 0` and `state in STOPPED_STATES` test: an int
    /// wider than 64 bits equals none of them. An absent member reads as 0, as <see cref="Int"/> reads it.
    /// </summary>
    public static bool NumberIs(this XmlRpcStruct s, string name, long number) => s[name]?.Tree switch
    {
        XmlRpcInt v => v.Value == number,
        XmlRpcBigInteger v => v.Value == number,
        XmlRpcBoolean b => (b.Value ? 1 : 0) == number,
        XmlRpcDouble d => d.Value == number,
        null => number == 0,
        _ => false,
    };

    /// <summary>What supervisorctl's str(info[name]) prints; an absent member is the KeyError it fails with.</summary>
    public static string Text(this XmlRpcStruct s, string name) =>
        s[name] is { } value ? Output.PyStr.Of(value) : throw new Net.PythonError("KeyError", $"'{name}'");

    public static bool Bool(this XmlRpcStruct s, string name) => s[name] switch
    {
        XmlRpcBoolean b => b.Value,
        XmlRpcInt v => v.Value != 0,
        _ => false,
    };

    /// <summary>`name`, or `group:name` when they differ (contract §2.1).</summary>
    public static string Namespec(this XmlRpcStruct s) => Core.Supervision.Namespec.Make(s.Str("group"), s.Str("name"));
}
