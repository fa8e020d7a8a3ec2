using System.Diagnostics;
using SuperNet.Ctl.Rpc;
using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

/// <summary>
/// supervisorctl decodes an answer as strict UTF-8 before expat reads it (as ASCII, other characters as references):
/// bytes that are not UTF-8 are a UnicodeDecodeError naming the first bad ones, and a byte order mark is an invalid
/// token, not a mark to skip.
/// </summary>
public sealed class AnswerDecodingTests
{
    private const string Pid = "<methodResponse><params><param><value><string>42</string></value></param></params></methodResponse>";

    /// <summary>Bodies as Latin-1 text, one character a byte.</summary>
    public static TheoryData<string> Bodies() =>
    [
        "\u00EF\u00BB\u00BF<?xml version='1.0'?>" + Pid,
        "\u00EF\u00BB\u00BF" + Pid,
        "\n\u00EF\u00BB\u00BF" + Pid,
        "<?xml version='1.0'?>\n\u00C3\u00A9" + Pid,
        Pid + "\u00EF\u00BB\u00BF",
        Pid + "\n \u00C3\u00A9",
        "&amp;" + Pid,
        Pid.Replace("42", "4\u00C3\u00A92\u00EF\u00BB\u00BF", StringComparison.Ordinal),
        Pid.Replace("42", "4\u00FF2", StringComparison.Ordinal),
        "\u00C3\u00A9\u00FF" + Pid,
        "<?xml version='1.0'?>\u00E2\u0082",
        "<x>\u00ED\u00A0\u0080</x>",
        "\u00F0\u0090\u0080x",
        "\u00F4\u0090\u0080\u0080",
        "ab\u00C0\u00AF",
        "\u0080",
        // Non-ASCII characters reach expat as references: in a CDATA section they stay the reference's text, in a
        // name they are an invalid token, in text, a comment or an attribute value they are read.
        Pid.Replace("42", "<![CDATA[4\u00C3\u00A92]]>", StringComparison.Ordinal),
        Pid.Replace("42", "<![CDATA[a\n\u00E2\u0098\u00832]]>", StringComparison.Ordinal),
        Pid.Replace("<string>42</string>", "<str\u00C3\u00AFng>42</str\u00C3\u00AFng>", StringComparison.Ordinal),
        "<m\u00C3\u00A9thodResponse/>",
        "<\u00C3\u00A9/>",
        Pid.Replace("<string>", "<string \u00C3\u00A9='1'>", StringComparison.Ordinal),
        Pid.Replace("<string>", "<string a\u00C3\u00A9='1'>", StringComparison.Ordinal),
        Pid.Replace("<string>", "<string a='1'\u00C3\u00A9>", StringComparison.Ordinal),
        Pid.Replace("<string>", "<string a='\u00C3\u00A9'>", StringComparison.Ordinal),
        "<?p\u00C3\u00AF x?>" + Pid,
        "<!-- \u00C3\u00A9 --><?pi \u00C3\u00A9?>" + Pid,
        Pid.Replace("</methodResponse>", "</m\u00C3\u00A9thodResponse>", StringComparison.Ordinal),
        Pid.Replace("</string>", "</string \u00C3\u00A9>", StringComparison.Ordinal),
        "<?xml version='1.0' encoding='us-ascii'?>" + Pid.Replace("42", "4\u00C3\u00A92", StringComparison.Ordinal),
        "<?xml version='1.0' encoding='iso-8859-1'?>" + Pid.Replace("42", "4\u00C3\u00A92", StringComparison.Ordinal),
        // U+FFFE and U+FFFF, raw or referred to, are references to an invalid character for expat.
        Pid.Replace("42", "4&#65534;2", StringComparison.Ordinal),
        Pid.Replace("42", "4&#xFFFF;2", StringComparison.Ordinal),
        Pid.Replace("42", "\u00C3\u00A94\u00EF\u00BF\u00BF2", StringComparison.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(Bodies))]
    public void An_answer_is_decoded_as_supervisorctl_decodes_it(string body)
    {
        using var server = new HostileServer($"HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        Differential.AssertSame(["-s", server.Url], "pid");
    }

    [Fact]
    public void Every_bad_sequence_is_named_as_python_names_it()
    {
        // Short runs of bytes around the UTF-8 boundaries, each decoded by Python and described by PythonUtf8.
        var random = new Random(41);
        byte[] pool = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF];
        var samples = Enumerable.Range(0, 400)
            .Select(_ => Enumerable.Range(0, random.Next(1, 7)).Select(_ => pool[random.Next(pool.Length)]).ToArray())
            .Where(s => !System.Text.Unicode.Utf8.IsValid(s))
            .ToList();
        var expected = PythonErrors(samples);
        for (var i = 0; i < samples.Count; i++)
        {
            Assert.True(expected[i] == PythonUtf8.DecodeError(samples[i]), $"{Convert.ToHexString(samples[i])}: python {expected[i]}, ours {PythonUtf8.DecodeError(samples[i])}");
        }
    }

    private static List<string> PythonErrors(List<byte[]> samples)
    {
        const string script = "import sys\nfor line in sys.stdin:\n    try:\n        bytes.fromhex(line.strip()).decode('utf-8'); print('valid')\n    except UnicodeDecodeError as e:\n        print(e)\n";
        var start = new ProcessStartInfo(Binaries.Python, ["-c", script]) { RedirectStandardInput = true, RedirectStandardOutput = true };
        using var python = Process.Start(start)!;
        python.StandardInput.Write(string.Join('\n', samples.Select(Convert.ToHexString)) + "\n");
        python.StandardInput.Close();
        var lines = python.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.True(python.WaitForExit(30_000));
        Assert.Equal(samples.Count, lines.Count);
        return lines;
    }
}
