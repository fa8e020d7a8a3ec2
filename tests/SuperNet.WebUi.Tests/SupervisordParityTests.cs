using SuperNet.Integration.Tests.Harness;

namespace SuperNet.WebUi.Tests;

/// <summary>
/// The status codes and redirect messages a client relies on, beside supervisord 4.2.5's on the same config.
/// A POST with an empty body is left out: supervisord never answers it (medusa waits for a body that never
/// comes); supernetd answers 200.
/// </summary>
public sealed class SupervisordParityTests
{
    private static readonly (string Method, string Url, string? Form)[] Requests =
    [
        ("GET", "/", null),
        ("POST", "/", "a=1"),
        ("GET", "/index.html", null),
        ("POST", "/index.html", "action=refresh"),
        ("GET", "/index.html?processname=nope&action=start", null),
        ("GET", "/index.html?processname=sleeper&action=start", null),
        ("GET", "/index.html?processname=idle&action=stop", null),
        ("GET", "/index.html?processname=idle&action=clearlog", null),
        ("GET", "/tail.html?processname=sleeper", null),
        ("GET", "/tail.html", null),
        ("GET", "/index.html?processname=idle&action=bogus", null),
        ("GET", "/index.html?action=start", null),
        ("GET", "/nothing.html", null),
        ("HEAD", "/", null),
        ("PUT", "/", ""),
    ];

    [Fact]
    public async Task Status_codes_and_messages_match_supervisord()
    {
        Assert.Equal(await Answers(Implementation.Supervisord), await Answers(Implementation.SuperNet));
    }

    private static async Task<List<string>> Answers(Implementation implementation)
    {
        using var daemon = WebUiDaemon.Start(implementation);
        using var http = daemon.Client();
        var answers = new List<string>();
        foreach (var (method, url, form) in Requests)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (form is not null)
            {
                request.Content = new StringContent(form, null, "application/x-www-form-urlencoded");
            }
            using var response = await http.SendAsync(request);
            var message = response.Headers.Location is { } location
                ? Uri.UnescapeDataString(location.ToString()).Replace(daemon.BaseUrl, "", StringComparison.Ordinal)
                : "";
            // The time in "Page refreshed at <ctime>" differs between runs; its shape is compared.
            answers.Add($"{method} {url} -> {(int)response.StatusCode} {System.Text.RegularExpressions.Regex.Replace(message, @"\d", "9")}");
        }
        return answers;
    }
}
