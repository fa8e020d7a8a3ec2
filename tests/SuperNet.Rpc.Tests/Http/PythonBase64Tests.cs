using System.Text;
using SuperNet.Rpc.Http;
using SuperNet.Rpc.Tests.Support;

namespace SuperNet.Rpc.Tests.Http;

/// <summary>Our lenient base64 beside Python's binascii.a2b_base64 (what supervisord's auth check calls) on random text.</summary>
public sealed class PythonBase64Tests
{
    [Fact]
    public async Task Decodes_what_python_decodes_and_fails_where_python_raises()
    {
        // Characters of every kind a2b_base64 treats apart: the alphabet, padding, skipped ASCII and Latin-1.
        const string alphabet = "AQgw+/9z==!* \t-_.\u00e9\u0085";
        var random = new Random(35);
        var inputs = Enumerable.Range(0, 4000)
            .Select(_ => new string(Enumerable.Range(0, random.Next(0, 14)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()))
            .Append("").Append("dXNlcjpzZWNyZXQ=").Append("dXNlcjpzZWNyZQ").Append("A").Append("AB==CD").Append("=AB=C=D")
            .ToList();
        // Each input goes over as Latin-1 hex: the header text is the request's bytes as Latin-1.
        var script = """
            import binascii, sys
            for line in sys.stdin.read().split():
                data = bytes.fromhex(line[1:])
                try:
                    print(binascii.a2b_base64(data).hex() or '-')
                except binascii.Error:
                    print('error')
            """;
        var file = Path.Combine(Path.GetTempPath(), $"b64-{Environment.ProcessId}-{Guid.NewGuid():N}.py");
        var input = Path.ChangeExtension(file, ".txt");
        await File.WriteAllTextAsync(file, script);
        await File.WriteAllTextAsync(input, string.Join("\n", inputs.Select(i => "x" + Convert.ToHexString(Encoding.Latin1.GetBytes(i)))));
        try
        {
            var python = await Run.ProcessAsync("/bin/sh", ["-c", $"{Run.Python} {file} < {input}"]);
            Assert.Equal(0, python.ExitCode);
            var expected = python.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(inputs.Count, expected.Length);
            for (var i = 0; i < inputs.Count; i++)
            {
                var ours = PythonBase64.Decode(inputs[i]) is { } bytes ? (bytes.Length == 0 ? "-" : Convert.ToHexStringLower(bytes)) : "error";
                Assert.True(expected[i] == ours, $"input {Convert.ToHexString(Encoding.Latin1.GetBytes(inputs[i]))}: python {expected[i]}, ours {ours}");
            }
            Assert.Contains("error", expected);
            Assert.Contains(expected, e => e.Length > 6);
        }
        finally
        {
            File.Delete(file);
            File.Delete(input);
        }
    }
}
