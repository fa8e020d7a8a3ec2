namespace SuperNet.Ctl.Net;

/// <summary>glibc's strerror texts for the errors a client connection meets (the runtime's messages add the endpoint).</summary>
internal static class ErrnoText
{
    public static string? Describe(int errno) => errno switch
    {
        1 => "Operation not permitted",
        2 => "No such file or directory",
        13 => "Permission denied",
        20 => "Not a directory",
        32 => "Broken pipe",
        91 => "Protocol wrong type for socket",
        99 => "Cannot assign requested address",
        101 => "Network is unreachable",
        103 => "Software caused connection abort",
        104 => "Connection reset by peer",
        110 => "Connection timed out",
        111 => "Connection refused",
        113 => "No route to host",
        _ => null,
    };
}
