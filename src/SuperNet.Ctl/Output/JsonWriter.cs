using System.Text.Encodings.Web;
using System.Text.Json;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Output;

/// <summary>
/// Writes an XML-RPC value tree as JSON: structs become objects with their members in the server's
/// order and names, arrays arrays, ints numbers, booleans booleans. No reflection: the tree is walked.
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
            WriteValue(writer, value);
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static void WriteValue(Utf8JsonWriter writer, XmlRpcValue value)
    {
        switch (value)
        {
            case XmlRpcStruct s:
                writer.WriteStartObject();
                foreach (var member in s.Members)
                {
                    writer.WritePropertyName(member.Key);
                    WriteValue(writer, member.Value);
                }

                writer.WriteEndObject();
                break;
            case XmlRpcArray a:
                writer.WriteStartArray();
                foreach (var item in a.Items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            case XmlRpcInt i:
                writer.WriteNumberValue(i.Value);
                break;
            case XmlRpcBoolean b:
                writer.WriteBooleanValue(b.Value);
                break;
            case XmlRpcDouble d:
                writer.WriteNumberValue(d.Value);
                break;
            case XmlRpcString str:
                writer.WriteStringValue(str.Value);
                break;
            case XmlRpcBase64 b64:
                writer.WriteBase64StringValue(b64.Value);
                break;
            case XmlRpcNil:
                writer.WriteNullValue();
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}
