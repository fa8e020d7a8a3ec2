using System.Text.Json;

namespace SuperNet.Api.Tests;

/// <summary>
/// docs/openapi.json and a checker for the part of JSON Schema it uses ($ref, type, enum, properties, required,
/// additionalProperties: false, items, oneOf): an answer that does not match its documented schema fails a test.
/// </summary>
public sealed class OpenApiSchema
{
    public OpenApiSchema(string text)
    {
        Document = JsonDocument.Parse(text).RootElement.Clone();
    }

    public static OpenApiSchema Checked { get; } = new(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "openapi.json")));

    public JsonElement Document { get; }

    /// <summary>Checks an answer against the schema documented for that path template, method and status.</summary>
    public void AssertMatches(string template, string method, int status, string mediaType, JsonElement value)
    {
        var operation = Document.GetProperty("paths").GetProperty(template).GetProperty(method);
        Assert.True(operation.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response),
            $"{method.ToUpperInvariant()} {template} does not document status {status}");
        var schema = response.GetProperty("content").GetProperty(mediaType).GetProperty("schema");
        var problems = new List<string>();
        Check(schema, value, "$", problems);
        Assert.True(problems.Count == 0, $"{method.ToUpperInvariant()} {template} {status}: {string.Join("; ", problems)}\n{value}");
    }

    private void Check(JsonElement schema, JsonElement value, string at, List<string> problems)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            Check(Document.GetProperty("components").GetProperty("schemas").GetProperty(name), value, at, problems);
            return;
        }
        if (schema.TryGetProperty("oneOf", out var choices))
        {
            var matching = choices.EnumerateArray().Count(choice =>
            {
                var inner = new List<string>();
                Check(choice, value, at, inner);
                return inner.Count == 0;
            });
            if (matching != 1)
            {
                problems.Add($"{at}: matches {matching} of oneOf");
            }
            return;
        }
        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            if (!types.Any(t => Is(t, value)))
            {
                problems.Add($"{at}: {value.ValueKind} is not {string.Join("|", types)}");
                return;
            }
        }
        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.ToString() == value.ToString()))
        {
            problems.Add($"{at}: {value} is not one of {allowed}");
        }
        if (value.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties))
        {
            foreach (var required in schema.TryGetProperty("required", out var r) ? r.EnumerateArray() : default)
            {
                if (!value.TryGetProperty(required.GetString()!, out _))
                {
                    problems.Add($"{at}: missing {required.GetString()}");
                }
            }
            var closed = schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.False;
            foreach (var member in value.EnumerateObject())
            {
                if (properties.TryGetProperty(member.Name, out var memberSchema))
                {
                    Check(memberSchema, member.Value, at + "." + member.Name, problems);
                }
                else if (closed)
                {
                    problems.Add($"{at}: undocumented member {member.Name}");
                }
            }
        }
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(items, item, $"{at}[{i++}]", problems);
            }
        }
    }

    private static bool Is(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };
}
