using System.Text;
using SuperNet.XmlRpc;

namespace SuperNet.XmlRpc.Tests;

/// <summary>The XML the reader accepts around XML-RPC (XmlScanner), and every way it refuses a document.</summary>
public class XmlSyntaxTests
{
    private static string ReadString(string body) => ReadString(Encoding.UTF8.GetBytes(body));

    private static string ReadString(byte[] body) => XmlRpcReader.ReadResponse(body).Value!.AsString();

    private static string Response(string value) =>
        $"<methodResponse><params><param><value>{value}</value></param></params></methodResponse>";

    private static string Rejects(string body, XmlRpcLimits? limits = null) => Rejects(Encoding.UTF8.GetBytes(body), limits);

    private static string Rejects(byte[] body, XmlRpcLimits? limits = null) =>
        Assert.Throws<XmlRpcParseException>(() => XmlRpcReader.ReadResponse(body, limits)).Message;

    [Theory]
    [InlineData("<?xml version=\"1.0\"?>")]
    [InlineData("<?xml version='1.0' encoding='utf-8'?>")]
    [InlineData("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")]
    [InlineData("<?xml version = '1.1' encoding = 'us-ascii' ?>")]
    [InlineData("<?xml version='1.0' encoding='ISO-8859-1'?>")]
    [InlineData("<?xml version='1.0' encoding='latin-1'?>\r\n")]
    [InlineData("")]
    public void DeclarationsAreRead(string declaration) =>
        Assert.Equal("ok", ReadString(declaration + Response("<string>ok</string>")));

    [Fact]
    public void Iso88591BytesAreCharacters()
    {
        var body = Encoding.Latin1.GetBytes("<?xml version='1.0' encoding='iso-8859-1'?>" + Response("<string>h\u00e9 \u00ff</string>"));
        Assert.Equal("h\u00e9 \u00ff", ReadString(body));
    }

    [Fact]
    public void AUtf8ByteOrderMarkIsSkipped()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("<?xml version='1.0'?>" + Response("h\u00e9"))).ToArray();
        Assert.Equal("h\u00e9", ReadString(body));
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("koi8-r")]
    [InlineData("bogus")]
    public void OtherEncodingsAreRefused(string encoding) =>
        Assert.Contains($"unsupported encoding '{encoding}'", Rejects($"<?xml version='1.0' encoding='{encoding}'?>" + Response("x")));

    [Fact]
    public void UsAsciiRefusesOtherBytes() =>
        Assert.Contains("us-ascii", Rejects("<?xml version='1.0' encoding='us-ascii'?>" + Response("h\u00e9")));

    [Fact]
    public void InvalidUtf8IsRefused()
    {
        var body = Encoding.UTF8.GetBytes(Response("<string>ab</string>"));
        body[Array.IndexOf(body, (byte)'a')] = 0xE9;
        Assert.Contains("invalid UTF-8", Rejects(body));
    }

    [Fact]
    public void CommentsAndProcessingInstructionsAreSkippedEverywhere()
    {
        const string body = """
            <?xml version="1.0"?>
            <!-- before -->
            <?app data?>
            <methodResponse><!-- in --><params><?p?><param><value><string>a<!-- c -->b<?q x?>c</string></value></param></params></methodResponse>
            <!-- after --><?after?>

            """;
        Assert.Equal("abc", ReadString(body));
    }

    [Fact]
    public void CDataIsText()
    {
        Assert.Equal("a<b>&amp;c", ReadString(Response("<string>a<![CDATA[<b>&amp;]]>c</string>")));
        Assert.Equal(" <x/> ", ReadString(Response("<![CDATA[ <x/> ]]>")));
    }

    [Fact]
    public void AttributesAreIgnored()
    {
        const string body = """<methodResponse xmlns="urn:x" a:b='1'><params><param><value type="s" q='&lt;'><string n="1">ok</string></value></param></params></methodResponse>""";
        Assert.Equal("ok", ReadString(body));
    }

    [Fact]
    public void EntitiesAndCharacterReferencesAreResolved() =>
        Assert.Equal("<>&\"' A\u00e9\u2603\U0001F600\u0000\u001b\u0007", ReadString(Response(
            "<string>&lt;&gt;&amp;&quot;&apos; &#0000000065;&#xe9;&#x2603;&#128512;&#0;&#27;&#x7;</string>")));

    [Fact]
    public void LineEndsAreNormalisedAsXmlSays() =>
        Assert.Equal("a\nb\nc\r\nd", ReadString(Response("<string>a\r\nb\rc&#13;\n<![CDATA[d]]></string>")));

    [Fact]
    public void WhitespaceIsKeptInValuesAndIgnoredBetweenElements()
    {
        const string body = "<methodResponse>\n <params>\r\n\t<param> <value>  spaced  </value> </param>\n</params>\n</methodResponse>";
        Assert.Equal("  spaced  ", ReadString(body));
        Assert.Equal(" x ", ReadString(Response(" <string> x </string> ")));
        Assert.Equal("", ReadString(Response("<string></string>")));
    }

    [Fact]
    public void TextMadeOfSeveralPiecesIsJoined() =>
        Assert.Equal("a&b c", ReadString(Response("a&amp;<![CDATA[b]]><!-- x --> c")));

    [Fact]
    public void NamesAreMatchedWholeWithoutNamespaces() =>
        Assert.Contains("expected <methodResponse>", Rejects("<x:methodResponse xmlns:x='u'><params/></x:methodResponse>"));

    [Theory]
    [InlineData("<?xml version='1.0'?><!DOCTYPE methodResponse>", "DTD is prohibited")]
    [InlineData("<!DOCTYPE x [<!ENTITY e 'v'>]>", "DTD is prohibited")]
    public void DoctypeIsRefused(string prolog, string expected) => Assert.Contains(expected, Rejects(prolog + Response("x")));

    [Theory]
    [InlineData("<methodResponse><params></param></methodResponse>", "end tag </param> does not match <params>")]
    [InlineData("<methodResponse><params><param><value>x</value></param></params>", "<methodResponse> is not closed")]
    [InlineData("<methodResponse><params><param><value>&bogus;</value></param></params></methodResponse>", "unknown entity or bad character reference '&bogus;'")]
    [InlineData("<methodResponse><params><param><value>a & b</value></param></params></methodResponse>", "'&' not starting a reference")]
    [InlineData("<methodResponse><params><param><value>a &amp b; c</value></param></params></methodResponse>", "unknown entity or bad character reference '&amp b;'")]
    [InlineData("<methodResponse><params><param><value>&#xD800;</value></param></params></methodResponse>", "bad character reference '&#xD800;'")]
    [InlineData("<methodResponse><params><param><value>&#x110000;</value></param></params></methodResponse>", "bad character reference")]
    [InlineData("<methodResponse><params><param><value>&#;</value></param></params></methodResponse>", "bad character reference")]
    [InlineData("<methodResponse><params><param><value>&#99999999999;</value></param></params></methodResponse>", "bad character reference")]
    [InlineData("<methodResponse><params><param><value>&#X41;</value></param></params></methodResponse>", "bad character reference")]
    [InlineData("<methodResponse><params><param><value>a]]>b</value></param></params></methodResponse>", "']]>' in text")]
    [InlineData("<methodResponse><params><param><value><string>x</string></value></param></params></methodResponse>junk", "junk after the root element")]
    [InlineData("<methodResponse><params><param><value><string>x</string></value></param></params></methodResponse><methodResponse/>", "junk after the root element")]
    [InlineData("<methodResponse><params><param><value><string>x</string></value></param></params></methodResponse><![CDATA[x]]>", "CDATA section outside the root element")]
    [InlineData("<methodResponse><params><param><value><string>x</string></value></param></params></methodResponse></x>", "without a start tag")]
    [InlineData("text<methodResponse/>", "text before the root element")]
    [InlineData(" <?xml version='1.0'?><methodResponse/>", "XML declaration not at the start")]
    [InlineData("<?xml encoding='utf-8'?><methodResponse/>", "unexpected item in the XML declaration")]
    [InlineData("<?xml version='2.0'?><methodResponse/>", "unsupported XML version")]
    [InlineData("<methodResponse a='1' a='2'/>", "duplicate attribute")]
    [InlineData("<methodResponse a=1/>", "attribute value not quoted")]
    [InlineData("<methodResponse a='1'b='2'/>", "whitespace expected before an attribute")]
    [InlineData("<methodResponse a='<'/>", "'<' in an attribute value")]
    [InlineData("<methodResponse><!-- a -- b --></methodResponse>", "'--' inside a comment")]
    [InlineData("<methodResponse><!-- a </methodResponse>", "unterminated comment")]
    [InlineData("<methodResponse><![CDATA[ a </methodResponse>", "unterminated CDATA section")]
    [InlineData("<methodResponse><1/></methodResponse>", "name expected")]
    [InlineData("<methodResponse><params><param><value>a\u001bb</value></param></params></methodResponse>", "control character 0x1B")]
    [InlineData("<methodResponse><params><param><value><struct><member><name>a\u0000</name></member></struct></value></param></params></methodResponse>", "control character 0x00")]
    [InlineData("<methodResponse a='\u0001'/>", "control character 0x01")]
    [InlineData("<methodResponse><params><param><value>a\uFFFFb</value></param></params></methodResponse>", "character U+FFFF")]
    [InlineData("", "no root element")]
    [InlineData("<!-- only a comment -->", "no root element")]
    public void MalformedXmlIsRefusedWithWhatAndWhere(string body, string expected)
    {
        var message = Rejects(body);
        Assert.StartsWith("malformed XML: ", message);
        Assert.Contains(expected, message);
        Assert.Matches(@" at line \d+, column \d+$", message);
    }

    [Fact]
    public void ThePositionIsTheLineAndColumnOfTheFault() =>
        Assert.EndsWith("does not match <value> at line 3, column 3",
            Rejects("<methodResponse><params><param>\n<value>\n  </string></value></param></params></methodResponse>"));

    [Fact]
    public void SkippedElementsAreBoundedInDepthToo()
    {
        var sb = new StringBuilder("<methodResponse><unknown>");
        for (var i = 0; i < 1000; i++)
        {
            sb.Append("<a>");
        }
        Assert.Contains("elements nested deeper than 272 levels", Rejects(sb.ToString()));
    }

    [Fact]
    public void TheCharacterLimitCountsCharactersNotBytes()
    {
        var limits = new XmlRpcLimits { MaxCharacters = 200, MaxDepth = 8 };
        // 100 three-byte characters: 300 bytes but fewer than 200 characters in all.
        var body = Encoding.UTF8.GetBytes(Response(new string('\u2603', 100)));
        Assert.True(body.Length > 200);
        Assert.Equal(new string('\u2603', 100), XmlRpcReader.ReadResponse(body, limits).Value!.AsString());
        Assert.Contains("longer than 200 characters", Rejects(Response(new string('x', 200)), limits));
    }

    [Fact]
    public void AnElementInsideAScalarIsRefused() =>
        Assert.Equal("unexpected <b> in <string>", Rejects(Response("<string>a<b/></string>")));

    [Fact]
    public void EveryValueTypeIsRead()
    {
        const string body = """
            <?xml version='1.0'?>
            <methodResponse><params><param><value><array><data>
            <value><int>-3</int></value><value><i4>+4</i4></value><value><i8>5000000000</i8></value>
            <value><boolean>1</boolean></value><value><string>s</string></value><value>u</value>
            <value><double>-1.5e3</double></value><value><double>nan</double></value>
            <value><dateTime.iso8601>20261206T05:30:00</dateTime.iso8601></value>
            <value><base64>aGk=
            </base64></value><value><nil/></value>
            <value><struct><member><name>k</name><value><int>1</int></value></member></struct></value>
            <value><array><data/></array></value>
            </data></array></value></param></params></methodResponse>
            """;
        var items = XmlRpcReader.ReadResponse(Encoding.UTF8.GetBytes(body)).Value!.AsArray();
        Assert.Equal(
            new XmlRpcValue[]
            {
                -3, 4, 5_000_000_000L, true, "s", "u", -1500.0, double.NaN,
                new XmlRpcDateTime(new DateTime(2026, 12, 6, 5, 30, 0)), new XmlRpcBase64("hi"u8.ToArray()), XmlRpcValue.Nil,
                new XmlRpcStruct([new("k", 1)]), XmlRpcArray.Empty,
            },
            items);
    }

    [Theory]
    [InlineData("<double>x</double>")]
    [InlineData("<dateTime.iso8601>2026-12-06</dateTime.iso8601>")]
    public void BadScalarsAreBadValues(string value) => Assert.StartsWith("bad XML-RPC value: ", Rejects(Response(value)));

    /// <summary>An answer's int that Python's int() refuses is its ValueError, as supervisorctl reports it; a call's stays a bad value.</summary>
    [Fact]
    public void A_bad_int_is_pythons_ValueError_in_an_answer_and_a_bad_value_in_a_call()
    {
        Assert.Equal("1.5", Assert.Throws<XmlRpcIntException>(() => XmlRpcReader.ReadResponse(Encoding.UTF8.GetBytes(Response("<int>1.5</int>")))).Text);
        var call = "<methodCall><methodName>m</methodName><params><param><value><int>1.5</int></value></param></params></methodCall>"u8.ToArray();
        Assert.StartsWith("bad XML-RPC value: ", Assert.Throws<XmlRpcParseException>(() => XmlRpcReader.ReadMethodCall(call)).Message);
    }
}
