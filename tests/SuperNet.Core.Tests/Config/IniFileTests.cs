using SuperNet.Core.Config;

namespace SuperNet.Core.Tests.Config;

public class IniFileTests
{
    // Expected values were produced by supervisor's own parser on the same text.
    [Theory]
    [InlineData("a", "b;c")]
    [InlineData("b", "b")]
    [InlineData("c", "/x.pid# y")]
    [InlineData("d", "bash -c 'a")]
    [InlineData("e", "x")]
    [InlineData("f", "v : w")]
    [InlineData("g", "v=w")]
    public void InlineCommentsNeedWhitespaceAndFirstDelimiterSplits(string key, string expected)
    {
        var ini = IniFile.Parse("[s]\na=b;c\nb=b ;c\nc=/x.pid# y\nd=bash -c 'a ; b'\ne=x\t#t\nf = v : w\nG: v=w\n", "f");
        Assert.Equal(expected, ini.Get("s", key));
    }

    [Fact]
    public void ContinuationLinesKeepInnerBlanksDropTrailingOnesAndSkipComments()
    {
        var ini = IniFile.Parse("[s]\ncommand=a\n  b\n\n  c\n\n\nnext=1\nenv=A=1,\n  B=2\n  ; comment\n  C=3\n", "f");
        Assert.Equal("a\nb\n\nc", ini.Get("s", "command"));
        Assert.Equal("1", ini.Get("s", "next"));
        Assert.Equal("A=1,\nB=2\nC=3", ini.Get("s", "env"));
    }

    [Fact]
    public void DuplicateSectionsMergeAndKeysAreCaseInsensitiveLastWins()
    {
        var ini = IniFile.Parse("[s]\na=1\nb=1\n[t]\nx=1\n[s]\na=2\nA=3\n", "f");
        Assert.Equal(["s", "t"], ini.Sections);
        Assert.Equal("3", ini.Get("s", "a"));
        Assert.Equal("1", ini.Get("s", "B"));
    }

    [Fact]
    public void DefaultSectionFeedsEverySectionButIsNotOne()
    {
        var ini = IniFile.Parse("[DEFAULT]\nd=1\n[s]\na=1\n[t]\nd=2\n", "f");
        Assert.Equal(["s", "t"], ini.Sections);
        Assert.Equal("1", ini.Get("s", "d"));
        Assert.Equal("2", ini.Get("t", "d"));
        Assert.Equal(["a", "d"], ini.Options("s"));
        Assert.False(ini.HasSection("DEFAULT"));
    }

    [Fact]
    public void SectionNamesAreCaseSensitiveAndTakeTextUpToTheLastBracket()
    {
        var ini = IniFile.Parse("[s]\n[a]b] junk\nk=v\n  [notsection]\n[Program:x]\n", "f");
        Assert.Equal("v\n[notsection]", ini.Get("a]b", "k"));
        Assert.True(ini.HasSection("Program:x"));
        Assert.False(ini.HasSection("program:x"));
    }

    [Fact]
    public void CommentSearchAdvancesBothPrefixesInLockstep()
    {
        var ini = IniFile.Parse("[s]\na=x#y;z #w\nb=a;b #c ;d\n", "f");
        Assert.Equal("x#y;z", ini.Get("s", "a"));
        Assert.Equal("a;b", ini.Get("s", "b"));
    }

    [Fact]
    public void LineBeforeAnySectionIsMissingHeaderError()
    {
        var ex = Assert.Throws<ConfigException>(() => IniFile.Parse("; c\n\nfoo=bar\n", "a.conf"));
        Assert.Equal("File contains no section headers.\nfile: 'a.conf', line: 3\n'foo=bar\\n'", ex.Message);
        Assert.True(ex.IsSyntaxError);
    }

    [Fact]
    public void BadLinesAreCollectedIntoOneParsingError()
    {
        var ex = Assert.Throws<ConfigException>(() => IniFile.Parse("[supervisord]\nbogus line\n  x\n=y\nz", "b.conf"));
        Assert.Equal(
            "Source contains parsing errors: 'b.conf'\n\t[line  2]: 'bogus line\\n'\n\t[line  3]: '  x\\n'\n\t[line  4]: '=y\\n'\n\t[line  5]: 'z'",
            ex.Message);
    }

    [Fact]
    public void CarriageReturnLineEndingsAreUniversalNewlines()
    {
        var ini = IniFile.Parse("[s]\r\na=1\r\n  2\rb=3", "f");
        Assert.Equal("1\n2", ini.Get("s", "a"));
        Assert.Equal("3", ini.Get("s", "b"));
    }
}
