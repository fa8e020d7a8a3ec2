using System.Text.Json;

namespace SuperNet.XmlRpc;

/// <summary>
/// An XML-RPC value tree as JSON, shared by supernetctl's --json and the daemon's JSON API so both name and
/// shape fields alike: structs become objects with the server's member names and order, arrays arrays,
/// ints numbers, booleans booleans, base64 a base64 string, nil null. The tree is walked: no reflection.
/// </summary>
public static class XmlRpcJson
{
    public static void Write(Utf8JsonWriter writer, XmlRpcValue value)
    {
        switch (value)
        {
            case XmlRpcStruct s:
                writer.WriteStartObject();
                foreach (var member in s.Members)
                {
                    writer.WritePropertyName(member.Key);
                    Write(writer, member.Value);
                }
                writer.WriteEndObject();
                break;
            case XmlRpcArray a:
                writer.WriteStartArray();
                foreach (var item in a.Items)
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case XmlRpcInt i:
                writer.WriteNumberValue(i.Value);
                break;
            case XmlRpcBigInteger big:
                writer.WriteRawValue(big.ToString());
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
            case XmlRpcEncoded encoded:
                Write(writer, encoded.Expand());
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}
