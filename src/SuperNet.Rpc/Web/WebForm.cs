using System.Net;
using System.Text;

namespace SuperNet.Rpc.Web;

/// <summary>
/// The page's form, merged the way supervisord's web handler merges it: the query string first, then an
/// x-www-form-urlencoded POST body, the first value of a repeated key winning within each.
/// </summary>
internal sealed class WebForm
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static WebForm Parse(string target, byte[]? body)
    {
        var form = new WebForm();
        var query = target.Split('?', 2) is [_, var q] ? q : "";
        form.Add(query);
        if (body is { Length: > 0 })
        {
            var post = new WebForm();
            post.Add(Encoding.UTF8.GetString(body));
            foreach (var (key, value) in post._values)
            {
                form._values[key] = value;
            }
        }
        return form;
    }

    public string? this[string key] => _values.GetValueOrDefault(key);

    private void Add(string encoded)
    {
        foreach (var pair in encoded.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (k, v) : (pair, "");
            key = Decode(key);
            _values.TryAdd(key, Decode(value));
        }
    }

    private static string Decode(string s) => WebUtility.UrlDecode(s);
}
