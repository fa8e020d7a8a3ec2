using System.Net;
using System.Net.Sockets;
using System.Text;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Rpc;

/// <summary>
/// Odd Authorization headers sent raw to supervisord 4.2.5 and to supernetd on the same [inet_http_server] with a
/// password: the same status line, challenge and body. supervisord decodes with Python's lenient base64 (skips
/// characters outside the alphabet, stops at the first complete padding), answers 400 where that or UTF-8 fails,
/// and 500 for credentials without a colon (its authorizer raises).
/// </summary>
public sealed class AuthParityTests
{
    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static readonly string Good = B64("user:secret");

    /// <summary>(name, the Authorization lines, as raw bytes in Latin-1).</summary>
    private static readonly (string Name, string Lines)[] Cases =
    [
        ("none", ""),
        ("good", $"Authorization: Basic {Good}\r\n"),
        ("lower case scheme and name", $"authorization: basic {Good}\r\n"),
        ("padding missing", $"Authorization: Basic {B64("user:secre").TrimEnd('=')}\r\n"),
        ("characters outside the alphabet first", $"Authorization: Basic !!{Good}\r\n"),
        ("a character outside the alphabet inside", $"Authorization: Basic {Good[..4]}*{Good[4..]}\r\n"),
        ("not base64", "Authorization: Basic !!!notbase64\r\n"),
        ("one character", "Authorization: Basic A\r\n"),
        ("data after the padding", $"Authorization: Basic {Good}AAAA\r\n"),
        ("padding first and inside", $"Authorization: Basic ={Good[..2]}={Good[2..]}\r\n"),
        ("two spaces after the scheme", $"Authorization: Basic  {Good}\r\n"),
        ("trailing spaces", $"Authorization: Basic {Good}   \r\n"),
        ("UTF-8 bytes before the base64", $"Authorization: Basic \u00c3\u00a9{Good}\r\n"),
        ("undecodable UTF-8", "Authorization: Basic " + Convert.ToBase64String([.. "user:"u8, 0xff, 0xfe]) + "\r\n"),
        ("no colon", $"Authorization: Basic {B64("nocolon")}\r\n"),
        ("only a colon", $"Authorization: Basic {B64(":")}\r\n"),
        ("a UTF-8 user", $"Authorization: Basic {B64("us\u00e9r:secret")}\r\n"),
        ("wrong password", $"Authorization: Basic {B64("user:secre")}\r\n"),
        ("digest", "Authorization: Digest abc\r\n"),
        ("scheme alone", "Authorization: Basic\r\n"),
        ("empty", "Authorization: \r\n"),
        ("a scheme alone, then good", $"Authorization: Bogus\r\nAuthorization: Basic {Good}\r\n"),
        ("an empty one, then good", $"Authorization: \r\nAuthorization: Basic {Good}\r\n"),
        ("digest, then good", $"Authorization: Digest x\r\nAuthorization: Basic {Good}\r\n"),
        ("good, then wrong", $"Authorization: Basic {Good}\r\nAuthorization: Basic {B64(":")}\r\n"),
        // White space and case: medusa matches each line whole against "Authorization: (non-spaces) (rest)",
        // the name in any case, exactly one space after the colon, the scheme up to the first space.
        ("no space after the colon", $"Authorization:Basic {Good}\r\n"),
        ("a tab after the colon", $"Authorization:\tBasic {Good}\r\n"),
        ("two spaces after the colon", $"Authorization:  Basic {Good}\r\n"),
        ("a tab between the scheme and the credentials", $"Authorization: Basic\t{Good}\r\n"),
        ("a tab and a space after the scheme", $"Authorization: Basic\t {Good}\r\n"),
        ("a space and a tab after the scheme", $"Authorization: Basic \t{Good}\r\n"),
        ("a trailing tab", $"Authorization: Basic {Good}\t\r\n"),
        ("upper case scheme and name", $"AUTHORIZATION: BASIC {Good}\r\n"),
        ("mixed case scheme and name", $"aUtHoRiZaTiOn: bAsIc {Good}\r\n"),
        ("the scheme and a space", "Authorization: Basic \r\n"),
        ("the scheme and two spaces", "Authorization: Basic  \r\n"),
        ("a tab after the colon, then good", $"Authorization:\tBasic {Good}\r\nAuthorization: Basic {Good}\r\n"),
        ("a tab after the scheme, then good", $"Authorization: Basic\t{B64(":")}\r\nAuthorization: Basic {Good}\r\n"),
        ("a tab and a space after the scheme, then good", $"Authorization: Basic\t {Good}\r\nAuthorization: Basic {Good}\r\n"),
        // Folding: medusa joins a line starting with a space or a tab to the one before, less that one character.
        ("folded with one space", $"Authorization: Basic\r\n {Good}\r\n"),
        ("folded with two spaces", $"Authorization: Basic\r\n  {Good}\r\n"),
        ("folded with a tab and a space", $"Authorization: Basic\r\n\t {Good}\r\n"),
        ("folded with a space and a tab", $"Authorization: Basic\r\n \t{Good}\r\n"),
        ("folded after the colon", $"Authorization:\r\n  Basic {Good}\r\n"),
        ("folded after the colon with one space", $"Authorization:\r\n Basic {Good}\r\n"),
        ("the credentials folded in two", $"Authorization: Basic {Good[..4]}\r\n {Good[4..]}\r\n"),
        ("folded three times", $"Authorization:\r\n \r\n Basic\r\n  {Good}\r\n"),
        ("folded three times, a space kept", $"Authorization:\r\n  \r\n Basic\r\n  {Good}\r\n"),
        // Line ends: medusa cuts the head at CR LF only, and its pattern's ".*" stops at a LF.
        ("a bare LF after the credentials", $"Authorization: Basic {Good}\nX-A: b\r\n"),
        ("a bare LF before the header", $"X-A: b\nAuthorization: Basic {Good}\r\n"),
        ("a bare CR inside the credentials", $"Authorization: Basic {Good[..4]}\r{Good[4..]}\r\n"),
        // Python's IGNORECASE lets U+0130 and U+0131 (sent as UTF-8) stand for the name's i.
        ("a dotless i in the name", $"Author\u00c4\u00b1zation: Basic {Good}\r\n"),
        ("a dotted capital I in the name", $"Authorizat\u00c4\u00b0on: Basic {Good}\r\n"),
    ];

    [Fact]
    public void Odd_credentials_are_answered_as_supervisord_answers_them()
    {
        var oracle = Answers(Implementation.Supervisord);
        var ours = Answers(Implementation.SuperNet);
        var differing = Cases.Select((c, i) => (c.Name, Oracle: oracle[i], Ours: ours[i])).Where(a => a.Oracle != a.Ours).ToList();
        Assert.True(differing.Count == 0, string.Join("\n", differing.Select(d => $"{d.Name}:\n  supervisord: {d.Oracle}\n  supernetd:   {d.Ours}")));
        // Not vacuous: each kind of answer is among them.
        Assert.Equal(["200", "400", "401", "500"], ours.Select(a => a[9..12]).Distinct().Order());
    }

    private static List<string> Answers(Implementation implementation)
    {
        var port = FreePort();
        using var run = SupervisorRun.Start(implementation, $"""
            [supervisord]
            logfile={"{DIR}"}/main.log
            pidfile={"{DIR}"}/sv.pid
            silent=true

            [inet_http_server]
            port=127.0.0.1:{port}
            username=user
            password=secret

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
            """);
        Wait.Until(() => Answer(port, $"Authorization: Basic {Good}\r\n").StartsWith("HTTP/1.0 200", StringComparison.Ordinal),
            $"{implementation} answering on port {port}");
        return Cases.Select(c => Answer(port, c.Lines)).ToList();
    }

    /// <summary>The status line, the challenge and the body of a getAPIVersion call with these header lines.</summary>
    private static string Answer(int port, string authorization)
    {
        const string body = "<?xml version='1.0'?><methodCall><methodName>supervisor.getAPIVersion</methodName></methodCall>";
        var request = Encoding.Latin1.GetBytes(
            $"POST /RPC2 HTTP/1.0\r\n{authorization}Content-Type: text/xml\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        try
        {
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
            if (end < 0)
            {
                return "no complete head: " + text;
            }
            var head = text[..end].Split("\r\n");
            var challenge = head.FirstOrDefault(l => l.StartsWith("WWW-Authenticate:", StringComparison.OrdinalIgnoreCase)) ?? "no challenge";
            return $"{head[0]} | {challenge} | {text[(end + 4)..].ReplaceLineEndings("\\n")}";
        }
        catch (SocketException e)
        {
            return "socket error " + e.SocketErrorCode;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
