using SuperNet.Core.Config;

namespace SuperNet.Core.Tests.Config;

public class EnvironmentParserTests
{
    // Expectations from supervisor's own parser (contract §4.15, trap 35).
    [Theory]
    [InlineData("A=1,B=/usr/bin:/bin", "A=1|B=/usr/bin:/bin")]
    [InlineData("FOO=\"a,b\",QUX='x y'", "FOO=a,b|QUX=x y")]
    [InlineData("E=\"\"", "E=")]
    [InlineData("A=1;B=2", "A=1|B=2")]
    [InlineData("A=\"x\"y", "A=x")]
    [InlineData("A=x\"y\"", "A=x\"y")]
    [InlineData("A=1,A=2,B=3", "A=2|B=3")]
    [InlineData("A=a#c\nb,B=2", "A=ab|B=2")]
    [InlineData("a = 1 , b = 2", "a=1|b=2")]
    [InlineData("A=1,\n  B=2", "A=1|B=2")]
    [InlineData("", "")]
    [InlineData("k=v,", "k=v")]
    [InlineData("A=é", "A=é")]
    [InlineData("A=$HOME", "A=$")]
    public void Parses(string value, string expected)
    {
        var pairs = EnvironmentParser.Parse(value);
        Assert.Equal(expected, string.Join("|", pairs.Select(p => p.Key + "=" + p.Value)));
    }

    [Theory]
    [InlineData("A=a@b")]
    [InlineData("A=")]
    [InlineData("A=1 B=2")]
    [InlineData("A=1,,B=2")]
    public void RejectsUnquotedSpecialCharacters(string value)
    {
        var ex = Assert.Throws<ConfigException>(() => EnvironmentParser.Parse(value));
        Assert.Equal($"Unexpected end of key/value pairs in value '{value}'", ex.Message);
    }

    [Fact]
    public void UnclosedQuote()
    {
        var ex = Assert.Throws<ConfigException>(() => EnvironmentParser.Parse("A=\"unterminated"));
        Assert.Equal("No closing quotation", ex.Message);
    }
}

public class CommandSplitterTests
{
    // Expectations from Python's shlex.split (contract §4.14).
    [Theory]
    [InlineData("a b  c", "a|b|c")]
    [InlineData("a \"b c\" d", "a|b c|d")]
    [InlineData("a 'b \\\" c'", "a|b \\\" c")]
    [InlineData("a\\ b", "a b")]
    [InlineData("\"a\\b\\\"c\\\\\"", "a\\b\"c\\")]
    [InlineData("# not comment | > && $V *", "#|not|comment|||>|&&|$V|*")]
    [InlineData("a\tb\nc\vd", "a|b|c\vd")]
    [InlineData("/bin/sh -c \"echo 'hi there'\"", "/bin/sh|-c|echo 'hi there'")]
    public void SplitsLikeShlex(string command, string expected) =>
        Assert.Equal(expected, string.Join("|", CommandSplitter.Split(command)));

    [Fact]
    public void EmptyQuotesMakeAnEmptyWord() => Assert.Equal(["x", ""], CommandSplitter.Split("x \"\""));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void BlankCommandHasNoWords(string command) => Assert.Empty(CommandSplitter.Split(command));

    [Theory]
    [InlineData("\"abc", "No closing quotation")]
    [InlineData("'abc", "No closing quotation")]
    [InlineData("a\\", "No escaped character")]
    public void Errors(string command, string reason)
    {
        var ex = Assert.Throws<CommandSplitException>(() => CommandSplitter.Split(command));
        Assert.Equal(reason, ex.Reason);
        Assert.Equal($"can't parse command {SuperNet.Core.Config.Python.PyText.Repr(command)}: {reason}", ex.Message);
    }
}
