namespace SuperNet.Core.Supervision;

/// <summary>supervisord's process naming (contract §2.1).</summary>
public static class Namespec
{
    /// <summary>"name" when group and process share it, else "group:name".</summary>
    public static string Make(string group, string process) => group == process ? process : group + ":" + process;

    /// <summary>Splits at the first ':'; Process is null for "g:*" and "g:" (the whole group).</summary>
    public static (string Group, string? Process) Split(string namespec)
    {
        var colon = namespec.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (namespec, namespec);
        }
        var process = namespec[(colon + 1)..];
        return (namespec[..colon], process is "" or "*" ? null : process);
    }
}
