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

    public static bool Bool(this XmlRpcStruct s, string name) => s[name] switch
    {
        XmlRpcBoolean b => b.Value,
        XmlRpcInt v => v.Value != 0,
        _ => false,
    };

    /// <summary>`name`, or `group:name` when they differ (contract §2.1).</summary>
    public static string Namespec(this XmlRpcStruct s) => Core.Supervision.Namespec.Make(s.Str("group"), s.Str("name"));
}
