using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SuperNet.Core.Supervision;
using SuperNet.Rpc.Http;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Json;

/// <summary>Writes the JSON API's answers: XML-RPC results as their JSON trees, the API's own bodies by source generation.</summary>
internal static class ApiAnswer
{
    public const string ContentType = "application/json";

    // A person reads these with curl: punctuation (an apostrophe, <, &) and non-ASCII text stay as they are; quotes,
    // backslashes and control characters are still escaped, as JSON requires. The serializer's default would write
    // "\u0027", and only a writer of our own carries this encoder to the source-generated bodies.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task Value(HttpExchange exchange, XmlRpcValue value)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            XmlRpcJson.Write(writer, value);
        }
        return exchange.RespondAsync(200, ContentType, buffer.WrittenMemory);
    }

    public static Task Typed<T>(HttpExchange exchange, T value, JsonTypeInfo<T> type, int status = 200) =>
        exchange.RespondAsync(status, ContentType, Serialize(value, type));

    public static Task Fault(HttpExchange exchange, Outcome outcome, int? status = null, string? allow = null)
    {
        var body = new ApiError((int)outcome.Code, outcome.Code.Name(), outcome.Text);
        var code = status ?? FaultStatus.Of(outcome.Code);
        return allow is null
            ? exchange.RespondAsync(code, ContentType, Serialize(body, ApiJsonContext.Default.ApiError))
            : exchange.RespondAsync(code, ContentType, Serialize(body, ApiJsonContext.Default.ApiError), false, ("Allow", allow));
    }

    private static ReadOnlyMemory<byte> Serialize<T>(T value, JsonTypeInfo<T> type)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            JsonSerializer.Serialize(writer, value, type);
        }
        return buffer.WrittenMemory;
    }
}
