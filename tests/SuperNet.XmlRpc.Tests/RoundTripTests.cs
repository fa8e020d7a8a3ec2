using System.Text;
using SuperNet.XmlRpc;

namespace SuperNet.XmlRpc.Tests;

public class RoundTripTests
{
    private static readonly XmlRpcValue Sample = new XmlRpcStruct(
    [
        new("int", 42),
        new("neg", -7),
        new("bool", true),
        new("text", "a <b> & c\n  spaced  "),
        new("unicode", "héllo ☃"),
        new("double", 1.5),
        new("when", new XmlRpcDateTime(new DateTime(2026, 1, 2, 3, 4, 5))),
        new("blob", new XmlRpcBase64(Encoding.ASCII.GetBytes(new string('x', 200)))),
        new("nil", XmlRpcValue.Nil),
        new("list", new XmlRpcArray([1, "two", new XmlRpcArray([]), new XmlRpcStruct([])])),
        new("empty", ""),
    ]);

    [Fact]
    public void ResponseRoundTripsEveryType()
    {
        var parsed = XmlRpcReader.ReadResponse(XmlRpcWriter.WriteResponse(Sample));
        Assert.Null(parsed.Fault);
        Assert.Equal(Sample, parsed.Value);
    }

    [Fact]
    public void CallRoundTripsEveryType()
    {
        var call = XmlRpcReader.ReadMethodCall(XmlRpcWriter.WriteMethodCall("supervisor.x", [Sample, 3, "s"]));
        Assert.Equal(new XmlRpcMethodCall("supervisor.x", [Sample, 3, "s"]), call);
    }

    [Fact]
    public void FaultRoundTrips()
    {
        var parsed = XmlRpcReader.ReadResponse(XmlRpcWriter.WriteFault(new XmlRpcFault(10, "BAD_NAME: x<y")));
        Assert.Equal(new XmlRpcFault(10, "BAD_NAME: x<y"), parsed.Fault);
        Assert.Null(parsed.Value);
    }

    [Fact]
    public void IntsAreClampedTo32BitsOnOutput()
    {
        var text = Encoding.UTF8.GetString(XmlRpcWriter.WriteResponse(new XmlRpcArray([5_000_000_000L, -5_000_000_000L])));
        Assert.Contains("<int>2147483647</int>", text);
        Assert.Contains("<int>-2147483648</int>", text);
    }

    [Fact]
    public void UntypedAndLegacyValuesAreUnderstood()
    {
        const string body = """
            <?xml version="1.0"?>
            <methodCall><methodName>a.b</methodName><params>
            <param><value>plain text</value></param>
            <param><value/></param>
            <param><value><i4> 12 </i4></value></param>
            <param><value><boolean>0</boolean></value></param>
            <param><value><boolean>yes</boolean></value></param>
            <param><value><base64>aGk=</base64></value></param>
            <param><value><i8>5000000000</i8></value></param>
            <param><value><string/></value></param>
            </params></methodCall>
            """;
        var call = XmlRpcReader.ReadMethodCall(Encoding.UTF8.GetBytes(body));
        Assert.Equal(
            new XmlRpcValue[] { "plain text", "", 12, false, false, new XmlRpcBase64("hi"u8.ToArray()), 5_000_000_000L, "" },
            call.Params);
    }

    [Fact]
    public void ParamsMayBeAbsent()
    {
        var call = XmlRpcReader.ReadMethodCall("<methodCall><methodName>system.listMethods</methodName></methodCall>"u8.ToArray());
        Assert.Equal("system.listMethods", call.MethodName);
        Assert.Empty(call.Params);
    }

    [Fact]
    public void AccessorsReportTypeMismatches()
    {
        XmlRpcValue v = "x";
        Assert.Equal("x", v.AsString());
        var e = Assert.Throws<InvalidCastException>(() => v.AsLong());
        Assert.Contains("expected int", e.Message);
        Assert.Equal(int.MaxValue, ((XmlRpcValue)9_000_000_000L).AsInt());
    }

    [Fact]
    public void ControlCharactersFromLogsSurviveTheTrip()
    {
        const string colored = "\u001b[31mred\u001b[0m\u0007";
        Assert.Equal(colored, XmlRpcReader.ReadResponse(XmlRpcWriter.WriteResponse(colored)).Value!.AsString());
    }
}
