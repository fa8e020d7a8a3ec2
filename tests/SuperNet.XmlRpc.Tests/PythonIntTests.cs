using System.Globalization;
using System.Text;
using SuperNet.XmlRpc;

namespace SuperNet.XmlRpc.Tests;

/// <summary>Texts read by our <see cref="PythonInt"/> and by Python 3.11's int(): the same value, or the same refusal.</summary>
public sealed class PythonIntTests
{
    private static readonly string[] Texts =
    [
        "0", "7", "-7", "+7", " 7 ", "\t7\n", "007", "-0", "1_000", "1_0_0", "9223372036854775808", "-99999999999999999999999",
        "", " ", "-", "+", "abc", "1x", "x1", "1 2", "- 1", "_1", "1_", "1__0", "-_1", "0x10", "1.0", "1e3", "\u00b2",
        "\u0663\u0667", "\U0001D7D9\U0001D7DA", "7\u00a0", "\u20037\u3000", "\u001c7\u001f", "\u00857", "7\u0000",
        new string('7', 4300), new string('7', 4301), "-" + new string('7', 4301), new string('0', 4301),
        new string('7', 4301) + "x", new string('7', 4301) + "_", "1_" + new string('7', 4299), "x" + new string('7', 4301),
        new string('\u0663', 4301), string.Concat(Enumerable.Repeat("7_", 4300)) + "7",
    ];

    private const string PythonReader = """
        import sys
        for line in sys.stdin.read().split('\n')[:-1]:
            text = bytes.fromhex(line).decode('utf-8')
            try:
                print('value', int(text))
            except ValueError as e:
                message = str(e)
                print('too many digits' if message.startswith('Exceeds the limit') else 'invalid', message.split('value has ')[-1].split(' ')[0] if message.startswith('Exceeds') else '')
        """;

    [Fact]
    public void Python_and_we_read_every_text_alike()
    {
        var python = Python();
        Assert.Equal(Texts.Length, python.Length);
        for (var i = 0; i < Texts.Length; i++)
        {
            var ours = PythonInt.Parse(Texts[i], out var value, out var digits) switch
            {
                PythonInt.Outcome.Value => "value " + value.ToString(CultureInfo.InvariantCulture),
                PythonInt.Outcome.TooManyDigits => "too many digits " + digits.ToString(CultureInfo.InvariantCulture),
                _ => "invalid",
            };
            Assert.True(python[i] == ours, $"text {i} ({Texts[i][..Math.Min(Texts[i].Length, 40)]}): python {python[i][..Math.Min(python[i].Length, 80)]}, ours {ours[..Math.Min(ours.Length, 80)]}");
        }
        Assert.Contains(python, line => line.StartsWith("too many digits", StringComparison.Ordinal));
    }

    private static string[] Python() =>
        PythonScript.Lines(PythonReader, Texts.Select(t => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(t)) + "\n"));
}
