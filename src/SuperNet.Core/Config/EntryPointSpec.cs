using System.Text.RegularExpressions;
using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Config;

/// <summary>
/// supervisord's import_spec: a factory or result_handler value is read as a pkg_resources entry point
/// ("x=" + value), so blanks around ':', a leading '=' and [extras] are allowed, and a value of another shape
/// fails before any import with the entry point's own error.
/// </summary>
internal static partial class EntryPointSpec
{
    [GeneratedRegex(@"^\s*(?<name>.+?)\s*=\s*(?<module>[\w.]+)\s*(:\s*(?<attr>[\w.]+))?\s*(?<extras>\[.*\])?\s*$")]
    private static partial Regex Pattern();

    // What packaging reads as an extras list; anything else it refuses with a parser error of its own.
    [GeneratedRegex(@"^\[\s*([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?(\s*,\s*[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)*)?\s*\]$")]
    private static partial Regex Extras();

    /// <summary>
    /// "module:attr" (or "module") as the value names it, or null when its extras are not a list packaging reads;
    /// throws supervisord's error for a value that is not an entry point at all.
    /// </summary>
    public static string? Target(string spec)
    {
        string source = "x=" + spec;
        var match = Pattern().Match(source);
        if (!match.Success)
        {
            throw new ConfigException(
                $"(\"EntryPoint must be in 'name=module:attrs [extras]' format\", {PyText.Repr(source)})");
        }
        if (match.Groups["extras"].Success && !Extras().IsMatch(match.Groups["extras"].Value))
        {
            return null;
        }
        string module = match.Groups["module"].Value;
        return match.Groups["attr"].Success ? module + ":" + match.Groups["attr"].Value : module;
    }
}
