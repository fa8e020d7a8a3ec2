namespace SuperNet.Rpc.Json;

/// <summary>docs/openapi.json, compiled in as a resource: the document served is the one checked in.</summary>
internal static class OpenApiDocument
{
    public const string ResourceName = "SuperNet.Rpc.openapi.json";

    private static readonly Lazy<byte[]> Document = new(Load);

    public static byte[] Bytes => Document.Value;

    private static byte[] Load()
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(ResourceName + " is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
