using System.Net;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.WebUi.Tests;

/// <summary>
/// Every action as a plain link or form, no JavaScript: a client that does not follow redirects sees 301 to
/// "/?message=..." and the program's state changes; the page shows the message, escaped output and states.
/// </summary>
public sealed class NoScriptTests : IDisposable
{
    private readonly WebUiDaemon _daemon = WebUiDaemon.Start();

    [Fact]
    public async Task Every_action_works_as_a_plain_link_or_form()
    {
        using var http = _daemon.Client();

        Assert.Equal("Process sleeper stopped", await Act(http, "index.html?processname=sleeper&action=stop"));
        Assert.Equal("STOPPED", _daemon.State("sleeper"));

        Assert.Equal("Process sleeper started", await Act(http, "index.html?processname=sleeper&action=start"));
        Assert.Equal("RUNNING", _daemon.State("sleeper"));

        var pid = _daemon.Pid("sleeper");
        Assert.Equal("Process sleeper restarted", await Act(http, "index.html?processname=sleeper&action=restart"));
        Assert.Equal("RUNNING", _daemon.State("sleeper"));
        Assert.NotEqual(pid, _daemon.Pid("sleeper"));

        // supervisorctl tail cannot read printer's log (its escape byte is not XML, under supervisord too): the page can.
        var first = await PrinterLines(http);
        Assert.NotEmpty(first);
        Assert.Equal("Log for printer cleared", await Act(http, "index.html?processname=printer&action=clearlog"));
        Assert.DoesNotContain(first[0], await PrinterLines(http));

        Assert.Equal("ERROR: Process sleeper: already started", await Act(http, "index.html?processname=sleeper&action=start"));
        Assert.Equal("No such process named nope", await Act(http, "index.html?processname=nope&action=stop"));
        Assert.StartsWith("Page refreshed at ", await Act(http, "index.html?action=refresh"));

        // The page's bulk buttons are a POSTed form.
        Assert.StartsWith("All stopped at ", await Post(http, "index.html", "action=stopall"));
        Assert.All(new[] { "sleeper", "printer", "idle" }, p => Assert.Equal("STOPPED", _daemon.State(p)));
        Assert.StartsWith("All restarted at ", await Post(http, "index.html", "action=restartall"));
        Assert.All(new[] { "sleeper", "printer", "idle" }, p => Assert.Equal("RUNNING", _daemon.State(p)));
    }

    [Fact]
    public async Task The_page_shows_states_the_message_and_escaped_output()
    {
        using var http = _daemon.Client();
        var page = await http.GetStringAsync("/?message=" + Uri.EscapeDataString("<i>hi</i>"));
        Assert.Contains("&lt;i&gt;hi&lt;/i&gt;", page);
        Assert.DoesNotContain("<i>hi</i>", page);
        Assert.Matches("class=\"state running\">RUNNING</span></td><td>pid \\d+, uptime", page);
        Assert.Contains("class=\"state nominal\">STOPPED</span>", page);
        Assert.Contains("index.html?processname=idle&amp;action=start", page);
        Assert.Contains("index.html?processname=sleeper&amp;action=stop", page);

        Wait.Until(() => PrinterLines(http).Result.Count >= 2, "printer's second line");
        var tail = await http.GetStringAsync("/tail.html?processname=printer&limit=4096");
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;", tail);
        Assert.DoesNotContain("<b>x</b>", tail);
        Assert.Contains("<title>Supervisor tail of process printer</title>", tail);
        Assert.Contains("ERROR: unexpected rpc fault [10] BAD_NAME: nope", await http.GetStringAsync("/tail.html?processname=nope"));
        using var emptyPost = await http.PostAsync("/", new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.OK, emptyPost.StatusCode);
    }

    [Fact]
    public async Task The_unix_socket_server_serves_the_same_pages()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(_daemon.Run.SocketPath), ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://localhost"), Timeout = TimeSpan.FromSeconds(30) };

        Assert.Contains("<table id=\"processes\">", await http.GetStringAsync("/"));
        Assert.Equal("Process idle started", await Act(http, "index.html?processname=idle&action=start"));
        Assert.Equal("RUNNING", _daemon.State("idle"));
    }

    [Fact]
    public async Task Without_credentials_every_page_is_401()
    {
        using var http = _daemon.Client(authenticated: false);
        foreach (var url in new[] { "/", "/index.html?processname=sleeper&action=stop", "/tail.html?processname=printer", "/logtail/printer" })
        {
            using var response = await http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Basic realm=\"default\"", response.Headers.WwwAuthenticate.ToString());
        }
        Assert.Equal("RUNNING", _daemon.State("sleeper"));
    }

    private static async Task<List<int>> PrinterLines(HttpClient http) =>
        System.Text.RegularExpressions.Regex.Matches(await http.GetStringAsync("/tail.html?processname=printer&limit=65536"), @"line (\d+) ")
            .Select(m => int.Parse(m.Groups[1].Value)).ToList();

    private static async Task<string> Act(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        return Message(response);
    }

    private static async Task<string> Post(HttpClient http, string url, string form)
    {
        using var response = await http.PostAsync(url, new StringContent(form, null, "application/x-www-form-urlencoded"));
        return Message(response);
    }

    internal static string Message(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        var marker = location.IndexOf("/?message=", StringComparison.Ordinal);
        Assert.True(marker >= 0, location);
        return Uri.UnescapeDataString(location[(marker + "/?message=".Length)..]);
    }

    public void Dispose() => _daemon.Dispose();
}
