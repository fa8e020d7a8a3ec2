using System.Diagnostics;
using System.Text;
using SuperNet.XmlRpc;

namespace SuperNet.XmlRpc.Tests;

/// <summary>Our bytes must equal what Python's xmlrpc.client.dumps writes, and Python must read ours back.</summary>
public class PythonCompatibilityTests
{
    private static string Python(string script, byte[]? stdin = null)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3", ["-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        p.StandardInput.BaseStream.Write(stdin ?? []);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, error);
        return output;
    }

    [Fact]
    public void ResponseBytesMatchPythonDumps()
    {
        var ours = XmlRpcWriter.WriteResponse(new XmlRpcStruct(
        [
            new("name", "a&b<c>"),
            new("pid", 12),
            new("ok", true),
            new("list", new XmlRpcArray([1.5, "x", new XmlRpcBase64(new byte[100])])),
            new("when", new XmlRpcDateTime(new DateTime(2026, 11, 27, 8, 0, 1))),
        ]));
        var python = Python("""
            import sys, xmlrpc.client as x, datetime
            v = {'name': 'a&b<c>', 'pid': 12, 'ok': True,
                 'list': [1.5, 'x', x.Binary(bytes(100))],
                 'when': x.DateTime(datetime.datetime(2026, 11, 27, 8, 0, 1))}
            sys.stdout.write(x.dumps((v,), methodresponse=True))
            """);
        Assert.Equal(python, Encoding.UTF8.GetString(ours));
    }

    [Fact]
    public void FaultAndCallBytesMatchPythonDumps()
    {
        var python = Python("""
            import sys, xmlrpc.client as x
            sys.stdout.write(x.dumps(x.Fault(2, 'INCORRECT_PARAMETERS')))
            sys.stdout.write(x.dumps(('foo', 3, False), 'supervisor.startProcess'))
            """);
        var ours = Encoding.UTF8.GetString(XmlRpcWriter.WriteFault(new XmlRpcFault(2, "INCORRECT_PARAMETERS")))
            + Encoding.UTF8.GetString(XmlRpcWriter.WriteMethodCall("supervisor.startProcess", ["foo", 3, false]));
        Assert.Equal(python, ours);
    }

    [Fact]
    public void PythonParsesOurUnicodeAndNil()
    {
        var body = XmlRpcWriter.WriteResponse(new XmlRpcArray(["héllo ☃ \u00e9", XmlRpcValue.Nil, 3.25]));
        var python = Python("""
            import sys, xmlrpc.client as x
            data = sys.stdin.buffer.read()
            (v,), _ = x.loads(data)
            sys.stdout.buffer.write(repr(v).encode('utf-8'))
            """, body);
        Assert.Equal("['héllo ☃ é', None, 3.25]", python);
    }
}
