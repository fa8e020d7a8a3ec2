using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

/// <summary>
/// tail -f and maintail -f connect where supervisorctl's stream client does: it splits the network location, user
/// info included, at its first ':' and reads the rest with int(). A URL with user info passes the XML-RPC upcheck
/// and then ends the stream with int()'s ValueError, or with the resolver's error for a host part holding the user
/// name; supernetctl followed the stream.
/// </summary>
public sealed class StreamEndpointTests
{
    [Theory]
    [InlineData("u:@", "tail -f x")]
    [InlineData("U:P@", "maintail -f")]
    [InlineData("u:p@", "tail -f x stderr")]
    [InlineData("u@", "tail -f x")]
    [InlineData("@", "maintail -f")]
    public void A_url_with_user_info_ends_the_stream_as_in_supervisorctl(string userInfo, string command)
    {
        using var server = new HostileServer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        string[] args = ["-s", server.Url.Replace("http://", "http://" + userInfo, StringComparison.Ordinal), .. command.Split(' ')];
        // Its own supervisorctl process: the stream client's failed connection stays in asyncore's map, which the
        // shared batch process (RealBatch) would carry into the next test's stream.
        var real = Normalize.Result(Clients.Real(args));
        var ours = Normalize.Result(Clients.Ours(args));
        Assert.True(real == ours, $"`{command}` differs\n=== supervisorctl\n{real}\n=== supernetctl\n{ours}");
        Assert.StartsWith("==> Press Ctrl-C to exit <==\nerror: <class '", ours.Stdout, StringComparison.Ordinal);
    }
}
