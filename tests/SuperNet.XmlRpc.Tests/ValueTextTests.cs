using SuperNet.XmlRpc;

namespace SuperNet.XmlRpc.Tests;

/// <summary>Every value's ToString ends (an assertion message or a debugger shows it); none recurses.</summary>
public class ValueTextTests
{
    public static TheoryData<XmlRpcValue> Containers => new()
    {
        new XmlRpcArray([1, "two"]),
        new XmlRpcStruct([new("name", new XmlRpcArray([]))]),
        new XmlRpcBase64([1, 2]),
        new XmlRpcSerialized("<value><int>1</int></value>"u8.ToArray()),
    };

    [Theory]
    [MemberData(nameof(Containers))]
    public void A_container_prints_its_type_without_recursing(XmlRpcValue value) =>
        Assert.Contains("TypeName = " + value.TypeName, value.ToString());
}
