using System.Text;
using SuperNet.XmlRpc;

namespace SuperNet.XmlRpc.Tests;

public class HostileInputTests
{
    private static XmlRpcParseException Rejects(string body, XmlRpcLimits? limits = null) =>
        Assert.Throws<XmlRpcParseException>(() => XmlRpcReader.ReadMethodCall(Encoding.UTF8.GetBytes(body), limits));

    [Theory]
    [InlineData("")]
    [InlineData("not xml at all")]
    [InlineData("<methodCall><methodName>a.b</methodName>")]
    [InlineData("<methodCall><methodName>a.b</methodName></methodCall><trailing/>")]
    [InlineData("<methodCall><methodName>a.b</methodName><params><param><value><int>x</int></value></param></params></methodCall>")]
    [InlineData("<methodCall><methodName>a.b</methodName><params><param><value><int>99999999999999999999999</int></value></param></params></methodCall>")]
    [InlineData("<methodCall><methodName>a.b</methodName><params><param><value><bogus>1</bogus></value></param></params></methodCall>")]
    [InlineData("<methodCall><methodName>a.b</methodName><params><param><value><dateTime.iso8601>yesterday</dateTime.iso8601></value></param></params></methodCall>")]
    [InlineData("<methodCall><methodName>a.b</methodName><params><param><value><base64>!!!</base64></value></param></params></methodCall>")]
    [InlineData("<methodResponse/>")]
    public void MalformedBodiesAreRejected(string body) => Assert.NotEmpty(Rejects(body).Message);

    [Theory]
    [InlineData("<methodCall></methodCall>")]
    [InlineData("<methodCall><methodName></methodName></methodCall>")]
    [InlineData("<methodCall><params/></methodCall>")]
    public void MissingOrEmptyMethodNameIsRejected(string body) => Assert.Equal("no method name", Rejects(body).Message);

    [Fact]
    public void ExternalEntitiesAreRefused()
    {
        var e = Rejects("""
            <?xml version="1.0"?>
            <!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <methodCall><methodName>&xxe;</methodName></methodCall>
            """);
        Assert.Contains("DTD", e.Message);
    }

    [Fact]
    public void BillionLaughsIsRefused()
    {
        var sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (var i = 1; i < 10; i++)
        {
            sb.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : i - 1)};", 10))}\">");
        }
        sb.Append("]><methodCall><methodName>&lol9;</methodName></methodCall>");
        Assert.Contains("DTD", Rejects(sb.ToString()).Message);
    }

    [Fact]
    public void DeepNestingStopsAtTheLimit()
    {
        const int depth = 10_000;
        var sb = new StringBuilder("<methodCall><methodName>a.b</methodName><params><param>");
        for (var i = 0; i < depth; i++)
        {
            sb.Append("<value><array><data>");
        }
        for (var i = 0; i < depth; i++)
        {
            sb.Append("</data></array></value>");
        }
        sb.Append("</param></params></methodCall>");
        Assert.Contains("nested deeper than 64", Rejects(sb.ToString()).Message);
    }

    [Fact]
    public void NestingUpToTheLimitIsAccepted()
    {
        var limits = new XmlRpcLimits { MaxCharacters = 1 << 20, MaxDepth = 3 };
        XmlRpcValue v = new XmlRpcArray([new XmlRpcArray([new XmlRpcStruct([new("k", 1)])])]);
        var call = XmlRpcReader.ReadMethodCall(XmlRpcWriter.WriteMethodCall("a.b", [v]), limits);
        Assert.Equal(v, call.Params[0]);
        XmlRpcValue tooDeep = new XmlRpcArray([v]);
        Assert.Throws<XmlRpcParseException>(() => XmlRpcReader.ReadMethodCall(XmlRpcWriter.WriteMethodCall("a.b", [tooDeep]), limits));
    }

    [Fact]
    public void OversizedDocumentsAreRejected()
    {
        var limits = new XmlRpcLimits { MaxCharacters = 1000, MaxDepth = 8 };
        var body = XmlRpcWriter.WriteMethodCall("a.b", [new string('x', 5000)]);
        var e = Assert.Throws<XmlRpcParseException>(() => XmlRpcReader.ReadMethodCall(body, limits));
        Assert.Contains("malformed XML", e.Message);
    }

    [Fact]
    public void FaultWithoutFieldsIsRejected()
    {
        var body = "<methodResponse><fault><value><struct></struct></value></fault></methodResponse>"u8.ToArray();
        Assert.Throws<XmlRpcParseException>(() => XmlRpcReader.ReadResponse(body));
    }
}
