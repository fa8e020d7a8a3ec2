using SuperNet.XmlRpc;

namespace SuperNet.XmlRpc.Tests;

/// <summary>
/// Inputs afl++ found (fuzz/run.sh xmlrpc), kept in fuzz/regressions/xmlrpc: each is either read or
/// rejected with XmlRpcParseException, as both a call and a response; nothing else may escape.
/// </summary>
public class FuzzFindingsTests
{
    public static TheoryData<string> Findings() => new(Directory.GetFiles(Folder()).Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Findings))]
    public void IsReadOrRejectedAsMalformed(string name)
    {
        var input = File.ReadAllBytes(Path.Combine(Folder(), name));
        AssertReadOrRejected(() => XmlRpcReader.ReadMethodCall(input));
        AssertReadOrRejected(() => XmlRpcReader.ReadResponse(input));
    }

    private static void AssertReadOrRejected(Action read)
    {
        try
        {
            read();
        }
        catch (XmlRpcParseException)
        {
        }
    }

    private static string Folder([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "fuzz", "regressions", "xmlrpc"));
}
