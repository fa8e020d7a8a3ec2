using System.Text;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests.Logging;

public class TextHelpersTests
{
    [Theory]
    [InlineData("\u001b[31mred\u001b[0m\n", "red\n")]
    [InlineData("a\u001b[2Jb\u001b[1;1Hc", "abc")]
    [InlineData("no escapes", "no escapes")]
    [InlineData("\u001b without bracket", "\u001b without bracket")]
    [InlineData("keep\u001b[12;34", "keep")]
    [InlineData("x\u001b[?25lY", "xY")]
    public void StripAnsiRemovesEscapesThroughTheFirstTerminator(string input, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(AnsiStripper.Strip(Encoding.UTF8.GetBytes(input))));
    }

    [Theory]
    [InlineData("a", "'a'")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("'\"", "'\\'\"'")]
    [InlineData("tab\tnl\n\\", "'tab\\tnl\\n\\\\'")]
    [InlineData("é\u0007", "'é\\x07'")]
    [InlineData("/bin/x", "'/bin/x'")]
    [InlineData("both ' and \"", "'both \\' and \"'")]
    [InlineData("a\\b\tc", "'a\\\\b\\tc'")]
    public void StrReprMatchesPython(string input, string expected) => Assert.Equal(expected, PythonRepr.Str(input));

    [Fact]
    public void StrReprEscapesALoneSurrogateAsPythonDoes() => Assert.Equal("'\\ud800'", PythonRepr.Str("\ud800"));

    [Fact]
    public void BytesReprMatchesPython()
    {
        Assert.Equal("b'\\xff\\xfeab\\n'", PythonRepr.Bytes([0xff, 0xfe, (byte)'a', (byte)'b', (byte)'\n']));
        Assert.Equal("b\"it's\"", PythonRepr.Bytes("it's"u8));
    }
}
