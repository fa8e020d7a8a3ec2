using System.Globalization;
using System.Text;
using SuperNet.XmlRpc;

namespace SuperNet.XmlRpc.Tests;

/// <summary>
/// A corpus of documents read by us and by Python's xmlrpc.client.loads (expat, what supervisorctl uses): each is
/// read to the same values by both, or refused by both. Deliberate differences are tested in XmlSyntaxTests
/// instead: a DOCTYPE (expat reads it, we refuse any), control characters as references (expat refuses them, we
/// read what our writer writes), encodings beyond utf-8/us-ascii/iso-8859-1 (Python has codecs for more).
/// </summary>
public class PythonDifferentialTests
{
    private static readonly string[] Corpus =
    [
        // Accepted
        "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><string>ok</string></value>\n</param>\n</params>\n</methodResponse>\n",
        "<methodResponse><params><param><value>untyped  text </value></param></params></methodResponse>",
        "<methodResponse><params><param><value></value></param></params></methodResponse>",
        "<methodResponse><params><param><value><string/></value></param></params></methodResponse>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?><methodResponse><params><param><value><string>h\u00e9 \u2603 \U0001F600</string></value></param></params></methodResponse>",
        "\uFEFF<?xml version='1.0'?><methodResponse><params><param><value><int>7</int></value></param></params></methodResponse>",
        "<?xml version='1.0' encoding='us-ascii'?><methodResponse><params><param><value><i4>-7</i4></value></param></params></methodResponse>",
        "<!-- c --><?pi x?><methodResponse><!-- c --><params><param><value><string>a<!--c-->b<?pi?>c</string></value></param></params></methodResponse><!-- end -->\n",
        "<methodResponse><params><param><value><string><![CDATA[<a>&amp;]]>x<![CDATA[]]></string></value></param></params></methodResponse>",
        "<methodResponse a='1' b=\"2\"><params><param><value t='x'><string>at</string></value></param></params></methodResponse>",
        "<methodResponse><params><param><value><string>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#xe9;&#128512;&#9;&#10;&#13;</string></value></param></params></methodResponse>",
        "<methodResponse><params><param><value><string>a\r\nb\rc\n</string></value></param></params></methodResponse>",
        "<methodResponse><params><param><value><array><data><value><int>1</int></value><value><boolean>0</boolean></value><value><double>2.5</double></value><value><double>-1e300</double></value><value><nil/></value></data></array></value></param></params></methodResponse>",
        "<methodResponse><params><param><value><struct><member><name>a</name><value><string>x</string></value></member><member><name>b&amp;</name><value><struct></struct></value></member><member><name>c</name><value><array><data></data></array></value></member></struct></value></param></params></methodResponse>",
        "<methodResponse><params><param><value><dateTime.iso8601>20261206T05:30:00</dateTime.iso8601></value></param></params></methodResponse>",
        "<methodResponse><params><param><value><base64>aGVsbG8gd29y\nbGQ=\n</base64></value></param></params></methodResponse>",
        "<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>10</int></value></member><member><name>faultString</name><value><string>BAD_NAME: x&lt;y</string></value></member></struct></value></fault></methodResponse>",
        "<?xml version='1.0'?><methodCall><methodName>supervisor.getState</methodName><params></params></methodCall>",
        "<methodCall><methodName>supervisor.startProcess</methodName><params><param><value><string>web</string></value></param><param><value><boolean>1</boolean></value></param></params></methodCall>",
        "<methodCall>\n  <methodName>system.multicall</methodName>\n  <params><param><value><array><data><value><struct><member><name>methodName</name><value><string>a.b</string></value></member><member><name>params</name><value><array><data/></array></value></member></struct></value></data></array></value></param></params>\n</methodCall>",
        // Non-ASCII names and CDATA, as supervisord's server reads a request (UTF-8 straight to expat).
        "<methodCall><methodName>supervisor.g\u00e9tState</methodName><params><param><value><struct><member><name>\u00e9\u2603</name><value><string><![CDATA[caf\u00e9 \U0001F600]]></string></value></member></struct></value></param></params></methodCall>",
        "<methodCall><methodName><![CDATA[\u00e9]]></methodName><params/></methodCall>",
        "<methodResponse><params><param><value><string \u00e9='\u00e9'><?p\u00ef \u00e9?>x<!--\u00e9--></string></value></param></params></methodResponse>",
        // Refused
        "",
        "<methodResponse><params><param><value><string>&#xFFFE;</string></value></param></params></methodResponse>",
        "<methodResponse><params><param><value><string>&#65535;</string></value></param></params></methodResponse>",
        "<methodResponse><params><param><value><string>x</string></value></param></params>",
        "<methodResponse><params><param><value><string>x</value></string></param></params></methodResponse>",
        "<methodResponse><params><param><value><string>x</string></value></param></params></methodResponse>junk",
        "<methodResponse><params><param><value><string>x</string></value></param></params></methodResponse><again/>",
        "<methodResponse><params><param><value><string>&nbsp;</string></value></param></params></methodResponse>",
        "<methodResponse><params><param><value><string>a & b</string></value></param></params></methodResponse>",
        "<methodResponse><params><param><value><string>&#xD800;</string></value></param></params></methodResponse>",
        "<methodResponse><params><param><value><string>a]]>b</string></value></param></params></methodResponse>",
        "<methodResponse a='1' a='2'><params/></methodResponse>",
        "<methodResponse a=1><params/></methodResponse>",
        "<methodResponse><!-- a -- b --><params/></methodResponse>",
        " <?xml version='1.0'?><methodResponse><params/></methodResponse>",
        "<?xml version='1.0' encoding='us-ascii'?><methodResponse><params><param><value>h\u00e9</value></param></params></methodResponse>",
        "<?xml version='1.0' encoding='utf-16'?><methodResponse><params/></methodResponse>",
        "x<methodResponse><params/></methodResponse>",
        "<methodResponse><params><param><value><string>a\u001bb</string></value></param></params></methodResponse>",
        "<methodResponse><params><param><value><string>a\u0000b</string></value></param></params></methodResponse>",
        "<methodResponse><params><param><value><string>a\uFFFEb</string></value></param></params></methodResponse>",
    ];

    private const string PythonReader = """
        import sys, struct, xmlrpc.client as x
        def h(s): return s.encode('utf-8', 'surrogatepass').hex()
        def canon(v):
            if isinstance(v, bool): return 'b:%d' % v
            if isinstance(v, int): return 'i:%d' % v
            if isinstance(v, str): return 's:' + h(v)
            if isinstance(v, float): return 'd:%d' % struct.unpack('<q', struct.pack('<d', v))[0]
            if isinstance(v, x.DateTime): return 't:' + v.value
            if isinstance(v, x.Binary): return 'x:' + v.data.hex()
            if v is None: return 'n'
            if isinstance(v, list): return 'a[' + ' '.join(canon(i) for i in v) + ']'
            if isinstance(v, dict): return 'r{' + ' '.join(h(k) + '=' + canon(i) for k, i in v.items()) + '}'
            raise TypeError(type(v))
        data = sys.stdin.buffer.read()
        for doc in data.split(b'\0')[:-1]:
            try:
                params, name = x.loads(bytes.fromhex(doc.decode()), use_builtin_types=False)
                print('ok', h(name) if name is not None else '-', ' '.join(canon(p) for p in params))
            except x.Fault as f:
                print('fault', f.faultCode, h(f.faultString))
            except Exception as e:
                print('refused')
        """;

    [Fact]
    public void PythonAndWeReadTheCorpusAlike()
    {
        var documents = Corpus.Select(Encoding.UTF8.GetBytes).ToArray();
        var python = Python(documents);
        Assert.Equal(documents.Length, python.Length);
        for (var i = 0; i < documents.Length; i++)
        {
            Assert.True(python[i] == Ours(documents[i]), $"document {i}: {Corpus[i]}\npython: {python[i]}\nours:   {Ours(documents[i])}");
        }
        Assert.Contains(python, line => line.StartsWith("ok", StringComparison.Ordinal));
        Assert.Contains("refused", python);
    }

    private static string Ours(byte[] document)
    {
        try
        {
            if (Encoding.UTF8.GetString(document).Contains("<methodCall>", StringComparison.Ordinal))
            {
                var call = XmlRpcReader.ReadMethodCall(document);
                return $"ok {Hex(call.MethodName)} {string.Join(' ', call.Params.Select(Canon))}".TrimEnd();
            }
            var response = XmlRpcReader.ReadResponse(document);
            return response.Fault is { } f ? $"fault {f.Code} {Hex(f.Message)}" : $"ok - {Canon(response.Value!)}";
        }
        catch (XmlRpcParseException)
        {
            return "refused";
        }
    }

    private static string Hex(string s) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s));

    private static string Canon(XmlRpcValue v) => v switch
    {
        XmlRpcBoolean b => b.Value ? "b:1" : "b:0",
        XmlRpcInt i => "i:" + i.Value.ToString(CultureInfo.InvariantCulture),
        XmlRpcString s => "s:" + Hex(s.Value),
        XmlRpcDouble d => "d:" + BitConverter.DoubleToInt64Bits(d.Value).ToString(CultureInfo.InvariantCulture),
        XmlRpcDateTime t => "t:" + t,
        XmlRpcBase64 x => "x:" + Convert.ToHexStringLower(x.Value),
        XmlRpcNil => "n",
        XmlRpcArray a => "a[" + string.Join(' ', a.Items.Select(Canon)) + "]",
        XmlRpcStruct r => "r{" + string.Join(' ', r.Members.Select(m => Hex(m.Key) + "=" + Canon(m.Value))) + "}",
        _ => throw new ArgumentException(v.TypeName),
    };

    private static string[] Python(byte[][] documents) =>
        PythonScript.Lines(PythonReader, documents.Select(d => Convert.ToHexStringLower(d) + "\0"));
}
