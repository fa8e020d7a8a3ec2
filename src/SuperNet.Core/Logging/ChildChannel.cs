namespace SuperNet.Core.Logging;

public enum ChildChannel
{
    Stdout,
    Stderr,
}

public static class ChildChannelNames
{
    /// <summary>"stdout" or "stderr", as in log messages, AUTO file names and event names.</summary>
    public static string Name(this ChildChannel channel) => channel == ChildChannel.Stdout ? "stdout" : "stderr";
}
