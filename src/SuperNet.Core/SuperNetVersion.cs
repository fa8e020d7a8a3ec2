namespace SuperNet.Core;

/// <summary>
/// SuperNet's own release, beside the supervisord version it implements. Scripts and monitoring parse
/// supervisord's answer ("4.2.5"), so the RPC and supervisord's program names keep giving exactly that; only
/// SuperNet's own names add the release, after the implemented version so a parser reading the first word
/// still finds it.
/// </summary>
public static class SuperNetVersion
{
    public const string Value = "0.1.0";

    /// <param name="implemented">What supervisord (or the server) answers.</param>
    /// <param name="programPath">argv[0]: under a link such as /usr/bin/supervisord the answer stays the original's.</param>
    /// <param name="ownName">supernetd or supernetctl.</param>
    public static string Line(string implemented, string programPath, string ownName) =>
        Path.GetFileName(programPath) == ownName ? $"{implemented} (SuperNet {Value})" : implemented;
}
