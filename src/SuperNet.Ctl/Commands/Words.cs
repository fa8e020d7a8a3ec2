namespace SuperNet.Ctl.Commands;

internal static class Words
{
    /// <summary>Python's str.split(): runs of whitespace separate, no empty words.</summary>
    public static string[] Split(string argument) =>
        argument.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
