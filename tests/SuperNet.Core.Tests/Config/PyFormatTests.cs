using SuperNet.Core.Config;
using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Tests.Config;

public class PyFormatTests
{
    private static ExpansionNames Names() =>
        new ExpansionNames().Set("here", "/tmp").Set("process_num", 3).Set("numprocs", 2);

    // Each expectation is what Python's `fmt % {'here': '/tmp', 'process_num': 3, 'numprocs': 2}` gives.
    [Theory]
    [InlineData("%(process_num)c", "\x03")]
    [InlineData("%(here)ls", "/tmp")]
    [InlineData("%(here)5.2s", "   /t")]
    [InlineData("%(here)-6s|", "/tmp  |")]
    [InlineData("%(here)06s", "  /tmp")]
    [InlineData("%(process_num)02d", "03")]
    [InlineData("%(process_num)+05d", "+0003")]
    [InlineData("%(process_num)#x", "0x3")]
    [InlineData("%(process_num)#o", "0o3")]
    [InlineData("%(process_num)e", "3.000000e+00")]
    [InlineData("%(process_num).3f", "3.000")]
    [InlineData("%(process_num)g", "3")]
    [InlineData("%(process_num)r", "3")]
    [InlineData("%(here)r", "'/tmp'")]
    [InlineData("%s", "{'here': '/tmp', 'process_num': 3, 'numprocs': 2}")]
    [InlineData("%(process_num)5.3d", "  003")]
    [InlineData("%(process_num)-5d|", "3    |")]
    [InlineData("%(process_num) d", " 3")]
    [InlineData("%(process_num)s%%", "3%")]
    [InlineData("%(process_num).2s", "3")]
    [InlineData("%(here).s", "")]
    [InlineData("%(process_num)i", "3")]
    [InlineData("%(process_num)u", "3")]
    [InlineData("%(process_num)X", "3")]
    [InlineData("%(process_num)E", "3.000000E+00")]
    [InlineData("%(process_num)G", "3")]
    [InlineData("%(process_num)F", "3.000000")]
    [InlineData("%(process_num)a", "3")]
    [InlineData("%(process_num)10.4e", "3.0000e+00")]
    [InlineData("%(process_num)#g", "3.00000")]
    [InlineData("a %(here)s/%(process_num)s b", "a /tmp/3 b")]
    [InlineData("%(process_num).16e", "3.0000000000000000e+00")]
    [InlineData("%(process_num).20e", "3.00000000000000000000e+00")]
    [InlineData("%(process_num).30g", "3")]
    [InlineData("%(process_num)#.20g", "3.0000000000000000000")]
    [InlineData("%(process_num).17f", "3.00000000000000000")]
    [InlineData("%(here).2147483647s", "/tmp")]
    [InlineData("%s %(here)s", "{'here': '/tmp', 'process_num': 3, 'numprocs': 2} /tmp")]
    public void FormatsLikePython(string format, string expected) =>
        Assert.Equal(expected, PyFormat.Expand(format, Names(), "x.y"));

    [Theory]
    [InlineData("%", "incomplete format")]
    [InlineData("abc %", "incomplete format")]
    [InlineData("%(here", "incomplete format key")]
    [InlineData("%(here)", "incomplete format")]
    [InlineData("%(here)d", "%d format: a real number is required, not str")]
    [InlineData("%(here)x", "%x format: an integer is required, not str")]
    [InlineData("%(here)f", "must be real number, not str")]
    [InlineData("%(here)c", "%c requires int or char")]
    [InlineData("%(here)y", "unsupported format character 'y' (0x79) at index 7")]
    [InlineData("%(here)*s", "* wants int")]
    [InlineData("% %", "unsupported format character '%' (0x25) at index 2")]
    [InlineData("%5%", "unsupported format character '%' (0x25) at index 2")]
    [InlineData("%s %s", "not enough arguments for format string")]
    [InlineData("%d", "%d format: a real number is required, not dict")]
    [InlineData("% %(nope)s", "unsupported format character '%' (0x25) at index 2")]
    [InlineData("%(here).*s", "* wants int")]
    [InlineData("%(here)h", "incomplete format")]
    [InlineData("%(process_num)lld", "unsupported format character 'l' (0x6c) at index 15")]
    [InlineData("%(here)9223372036854775808s", "width too big")]
    // A key's value is the one argument until the next key: '*' takes it, and nothing is left after it.
    [InlineData("%(here)s %s", "not enough arguments for format string")]
    [InlineData("%(here)s%(process_num)d %s", "not enough arguments for format string")]
    [InlineData("%(process_num)*d", "not enough arguments for format string")]
    [InlineData("%(process_num).*d", "not enough arguments for format string")]
    [InlineData("%(process_num)*.*d", "not enough arguments for format string")]
    [InlineData("%(here)-*s", "* wants int")]
    // Python names the character only when it is printable ASCII (or 0x1f), and counts code points.
    [InlineData("%é", "unsupported format character '?' (0xe9) at index 1")]
    [InlineData("%\x7f", "unsupported format character '?' (0x7f) at index 1")]
    [InlineData("%\x1f", "unsupported format character '\x1f' (0x1f) at index 1")]
    [InlineData("%'", "unsupported format character ''' (0x27) at index 1")]
    [InlineData("\U0001F600%é", "unsupported format character '?' (0xe9) at index 2")]
    [InlineData("%\U0001F600", "unsupported format character '?' (0x1f600) at index 1")]
    [InlineData("%(process_num)99999999999999999999d", "width too big")]
    [InlineData("%(here).2147483648s", "precision too big")]
    [InlineData("%(process_num).2147483645d", "precision too large")]
    // Widths Python accepts but cannot allocate: its MemoryError has no text (as supervisord prints it).
    [InlineData("%(here)99999999999s", "")]
    [InlineData("%(process_num)9223372036854775807d", "")]
    public void BadlyFormatted(string format, string reason)
    {
        var ex = Assert.Throws<ConfigException>(() => PyFormat.Expand(format, Names(), "program:x.command"));
        Assert.Equal($"Format string {Py(format)} for 'program:x.command' is badly formatted: {reason}", ex.Message);
    }

    [Theory]
    [InlineData("%(nope)s %", "nope")]
    [InlineData("%(a(b)c)s", "a(b)c")]
    [InlineData("%()s", "")]
    [InlineData("%(nope)", "nope")]
    public void UnknownNamesListTheAvailableOnesSorted(string format, string name)
    {
        var ex = Assert.Throws<ConfigException>(() => PyFormat.Expand(format, Names(), "s.o"));
        Assert.Equal(
            $"Format string {Py(format)} for 's.o' contains names ('{name}') which cannot be expanded. Available names: here, numprocs, process_num",
            ex.Message);
    }

    [Theory]
    [InlineData("it's", "\"it's\"")]
    [InlineData("a\"b'c", "'a\"b\\'c'")]
    [InlineData("tab\there\\", "'tab\\there\\\\'")]
    [InlineData("\x01é\u00a0", "'\\x01é\\xa0'")]
    public void ReprMatchesPython(string value, string repr) => Assert.Equal(repr, PyText.Repr(value));

    private static string Py(string s) => PyText.Repr(s);
}
