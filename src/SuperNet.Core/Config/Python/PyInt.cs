namespace SuperNet.Core.Config.Python;

/// <summary>Python's int(text) in base 10 within 64 bits, for the RPC arguments supervisord passes through int().</summary>
public static class PyInt
{
    public static bool TryParse(string text, out long value) => ConfigValues.TryParseInt(text, 10, out value);
}
