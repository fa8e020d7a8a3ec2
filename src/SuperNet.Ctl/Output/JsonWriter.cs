using System.Text.Encodings.Web;
using System.Text.Json;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Output;

/// <summary>
/// Writes a command's result as one line of JSON on stdout (<see cref="XmlRpcJson"/>: the daemon's JSON API
/// shapes values the same way).
/// </summary>
internal static class JsonWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter output, XmlRpcValue value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            XmlRpcJson.Write(writer, value);
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
