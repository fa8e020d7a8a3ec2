using System.Text;
using SuperNet.Rpc.Http;

namespace SuperNet.Rpc.Tests.Http;

/// <summary>
/// The Authorization text medusa would read from a head (the answers each gives are compared with supervisord's in
/// IT AuthParityTests); here, the exact text, which the status code alone does not show.
/// </summary>
public sealed class MedusaAuthorizationTests
{
    private static string? Find(string headers) =>
        MedusaAuthorization.Find(Encoding.Latin1.GetBytes($"POST /RPC2 HTTP/1.0\r\n{headers}\r\n"));

    [Theory]
    [InlineData("Authorization: Basic abc\r\n", "Basic abc")]
    [InlineData("AUTHORIZATION: basic  abc \t\r\n", "basic  abc \t")]
    [InlineData("Authorization: Basic \r\n", "Basic ")]
    [InlineData("Authorization: Basic\r\n  abc\r\n", "Basic abc")]
    [InlineData("Authorization:\r\n  \r\n Basic\r\n\t abc\r\n", "Basic abc")]
    [InlineData("Authorization: Basic\t x\r\nAuthorization: Basic abc\r\n", "Basic\t x")]
    [InlineData("Authorization:Basic x\r\nAuthorization: Basic\r\nAuthorization: Basic abc\r\n", "Basic abc")]
    [InlineData("Authorization: Basic a\rb\r\n", "Basic a\rb")]
    [InlineData("Authorization: Basic\nx abc\r\n", "Basic\nx abc")]
    [InlineData("Author\u00c4\u00b1zation: Basic abc\r\n", "Basic abc")]
    public void The_first_line_wholly_matching_is_read_as_medusa_joins_it(string headers, string expected) =>
        Assert.Equal(expected, Find(headers));

    [Theory]
    [InlineData("")]
    [InlineData("Authorization:\tBasic abc\r\n")]
    [InlineData("Authorization:  Basic abc\r\n")]
    [InlineData("Authorization: Basic\tabc\r\n")]
    [InlineData("Authorization: Basic\r\n abc\r\n")]
    [InlineData("Authorization:\r\n \r\n Basic\r\n\t abc\r\n")]
    [InlineData("Authorization: Basic abc\nX: y\r\n")]
    [InlineData("X: y\nAuthorization: Basic abc\r\n")]
    [InlineData("Authorizatio: Basic abc\r\n")]
    [InlineData("Authorization : Basic abc\r\n")]
    [InlineData("Authorization: \r\n")]
    [InlineData("Authorization: Basic\r\n")]
    public void No_line_medusa_would_match_reads_as_none(string headers) =>
        Assert.Null(Find(headers));

    [Fact]
    public void Many_folds_are_joined_in_order()
    {
        var letters = Enumerable.Range(0, 5000).Select(i => (char)('a' + (i % 26))).ToArray();
        var folded = "Authorization: Basic\r\n  " + string.Join("\r\n ", letters) + "\r\n";
        Assert.Equal("Basic " + new string(letters), Find(folded));
    }
}
