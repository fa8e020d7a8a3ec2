using SuperNet.Core.Processes;
using SuperNet.Core.Tests.Supervision;

namespace SuperNet.Core.Tests.Processes;

public sealed class EnvironmentFileTests
{
    private static List<KeyValuePair<string, string>> Parse(string text) =>
        EnvironmentFile.Parse(text, "/etc/app.env", name => name == "HOME" ? "/home/app" : name == "BLANK" ? "" : null);

    [Fact]
    public void Every_syntax_case()
    {
        var parsed = Parse("""
            # a comment line

              PLAIN=value
            SPACED = padded value   
            export EXPORTED=yes
            INLINE=value # a comment
            HASH=a#b
            SINGLE='literal \n ${HOME} # not a comment'
            DOUBLE="tab\tquote\" dollar\$ backslash\\ ${HOME} \${HOME}" # comment
            MULTI="first
            second"
            EMPTY=
            REF=${HOME}/x
            """);
        Assert.Equal(
            [
                new("PLAIN", "value"),
                new("SPACED", "padded value"),
                new("EXPORTED", "yes"),
                new("INLINE", "value"),
                new("HASH", "a#b"),
                new("SINGLE", "literal \\n ${HOME} # not a comment"),
                new("DOUBLE", "tab\tquote\" dollar$ backslash\\ /home/app ${HOME}"),
                new("MULTI", "first\nsecond"),
                new("EMPTY", ""),
                new("REF", "/home/app/x"),
            ],
            parsed);
    }

    [Fact]
    public void References_see_earlier_lines_then_the_environment_and_take_a_default_when_unset_or_empty() =>
        Assert.Equal(
            [
                new("A", "/home/app"),
                new("B", "/home/app/b"),
                new("HOME", "/override"),
                new("C", "/override:/override"),
                new("D", "fallback fallback"),
                new("E", "$HOME ${OPEN ${X:+x} "),
            ],
            Parse("""
                A=${HOME}
                B="${A}/b"
                HOME=/override
                C=${HOME}:${HOME:-unused}
                D="${NOPE:-fallback} ${BLANK:-fallback}"
                E=$HOME ${OPEN ${X:+x} ${NOPE}
                """));

    [Fact]
    public void Crlf_line_ends_are_accepted() =>
        Assert.Equal([new("A", "1"), new("B", "2")], Parse("A=1\r\nB=2\r\n"));

    [Fact]
    public void Blanks_inside_quotes_are_kept_at_the_end_of_every_line_of_a_multiline_value() =>
        Assert.Equal([new("KEY", "first  \nsecond \nthird\t"), new("B", "x")], Parse("KEY=\"first  \nsecond \nthird\t\"  \r\nB='x'\r\n"));

    [Theory]
    [InlineData("A=1\nNO_EQUALS\n", "environment_file /etc/app.env line 2: expected KEY=VALUE")]
    [InlineData("1BAD=x", "environment_file /etc/app.env line 1: invalid variable name '1BAD'")]
    [InlineData("BAD-NAME=x", "environment_file /etc/app.env line 1: invalid variable name 'BAD-NAME'")]
    [InlineData("=x", "environment_file /etc/app.env line 1: invalid variable name ''")]
    [InlineData("A=1\nB=\"open\nstill open", "environment_file /etc/app.env line 2: unterminated double-quoted value")]
    [InlineData("B='open", "environment_file /etc/app.env line 1: unterminated single-quoted value")]
    [InlineData("A='x' trailing", "environment_file /etc/app.env line 1: unexpected text after the closing quote: trailing")]
    public void Each_error_names_file_and_line(string text, string message) =>
        Assert.Equal(message, Assert.Throws<EnvironmentFileException>(() => Parse(text)).Message);

    [Fact]
    public void A_byte_order_mark_is_not_part_of_the_first_name()
    {
        using var dir = new TempDir();
        var path = dir.File("bom.env");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "A=1\r\nB=2\r\n"u8]);
        Assert.Equal([new("A", "1"), new("B", "2")], EnvironmentFile.Read(path, PlainFileOpener.Instance));
    }

    [Fact]
    public void A_file_too_large_to_be_an_environment_fails_the_spawn_without_reading_it_all()
    {
        using var dir = new TempDir();
        var path = dir.File("huge.env");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("KEY=" + new string('x', 1000) + "\n", 5000)));
        Assert.Equal($"couldn't read environment_file {path}: larger than 4 MiB",
            Assert.Throws<EnvironmentFileException>(() => EnvironmentFile.Read(path, PlainFileOpener.Instance)).Message);
        Assert.Equal("couldn't read environment_file /dev/zero: larger than 4 MiB",
            Assert.Throws<EnvironmentFileException>(() => EnvironmentFile.Read("/dev/zero", PlainFileOpener.Instance)).Message);
    }

    [Fact]
    public void Unreadable_files_say_why()
    {
        using var dir = new TempDir();
        var missing = dir.File("missing.env");
        Assert.Equal($"couldn't read environment_file {missing}: No such file or directory",
            Assert.Throws<EnvironmentFileException>(() => EnvironmentFile.Read(missing, PlainFileOpener.Instance)).Message);
        var binary = dir.File("binary.env");
        File.WriteAllBytes(binary, [0x41, 0x3d, 0xff, 0xfe]);
        Assert.Equal($"couldn't read environment_file {binary}: not valid UTF-8",
            Assert.Throws<EnvironmentFileException>(() => EnvironmentFile.Read(binary, PlainFileOpener.Instance)).Message);
    }
}
