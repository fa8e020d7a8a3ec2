using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SuperNet.WebUi.Tests;

/// <summary>
/// An action's 301 names the Host header in its Location, as supervisord's does. supervisord copies a bare CR
/// from the Host into that header, so a client reads the rest as headers of the server's own (header injection);
/// supernetd answers such a Host, or any with other than printable ASCII, with a relative Location.
/// </summary>
public sealed class RedirectHostTests
{
    [Theory]
    [InlineData("evil.example\rSet-Cookie: x=1")]
    [InlineData("a\u0000b")]
    [InlineData("a\u00c2\u0085b")]
    [InlineData("a\u007fb")]
    [InlineData("a\u000bb")]
    [InlineData("a b")]
    public void A_host_with_a_control_character_gets_a_relative_location(string host)
    {
        using var daemon = WebUiDaemon.Start();
        var head = ActionHead(daemon.Port, host);
        Assert.StartsWith("HTTP/1.0 301 ", head, StringComparison.Ordinal);
        // Every CR ends a line and every line of the head is a header: nothing the client sent became one.
        Assert.DoesNotMatch("\r(?!\n)", head);
        Assert.DoesNotContain("Set-Cookie", head, StringComparison.OrdinalIgnoreCase);
        var location = Location(head);
        Assert.StartsWith("/?message=", location, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_host_gets_an_absolute_location_as_under_supervisord()
    {
        using var daemon = WebUiDaemon.Start();
        var host = $"127.0.0.1:{daemon.Port}";
        Assert.StartsWith($"http://{host}/?message=", Location(ActionHead(daemon.Port, host)), StringComparison.Ordinal);
    }

    private static string Location(string head) =>
        head.Split("\r\n").Single(l => l.StartsWith("Location: ", StringComparison.Ordinal))["Location: ".Length..];

    /// <summary>The head of the answer to a start action sent with this Host, its bytes as Latin-1.</summary>
    private static string ActionHead(int port, string host)
    {
        var credentials = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{WebUiDaemon.User}:{WebUiDaemon.Password}"));
        var request = Encoding.Latin1.GetBytes(
            $"GET /index.html?processname=sleeper&action=start HTTP/1.0\r\nHost: {host}\r\nAuthorization: Basic {credentials}\r\n\r\n");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(IPAddress.Loopback, port);
        socket.ReceiveTimeout = 20_000;
        socket.Send(request);
        var reply = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        while ((n = socket.Receive(buffer)) > 0)
        {
            reply.Write(buffer, 0, n);
        }
        var text = Encoding.Latin1.GetString(reply.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, "no complete head in: " + text);
        return text[..end];
    }
}
