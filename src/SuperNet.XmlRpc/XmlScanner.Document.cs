using System.Buffers;
using System.Text;

namespace SuperNet.XmlRpc;

/// <summary>What is checked of the document as a whole before it is scanned: its declared encoding and its characters.</summary>
internal ref partial struct XmlScanner
{
    // C0 controls but tab, LF and CR, and 0xEF, the first byte of U+FFFE and U+FFFF: characters XML 1.0 forbids.
    private static readonly SearchValues<byte> ForbiddenOrEF = SearchValues.Create(
        [.. Enumerable.Range(0, 32).Where(b => b is not (9 or 10 or 13)).Select(b => (byte)b), (byte)0xEF]);

    /// <summary>
    /// Raw control characters are refused, as System.Xml's reader and expat refuse them; only character references
    /// may carry them (our writer's, see <see cref="Reference"/>).
    /// </summary>
    private void CheckCharacters()
    {
        var at = pos;
        while (true)
        {
            var found = doc[at..].IndexOfAny(ForbiddenOrEF);
            if (found < 0)
            {
                return;
            }
            at += found;
            if (doc[at] != 0xEF)
            {
                pos = at;
                throw FailAsExpat($"control character 0x{doc[at]:X2}", "not well-formed (invalid token)");
            }
            if (at + 2 < doc.Length && doc[at + 1] == 0xBF && doc[at + 2] is 0xBE or 0xBF)
            {
                pos = at;
                // Its reference is what expat refuses.
                throw FailAsExpat($"character U+FFF{(doc[at + 2] == 0xBE ? 'E' : 'F')}", "reference to invalid character number");
            }
            at++;
        }
    }

    /// <summary>
    /// A character that supervisorctl's parser refuses, in its words (<paramref name="expatError"/>) at its position.
    /// supervisorctl hands expat the answer as ASCII, every other character replaced by its reference (&amp;#NNN;), so
    /// the column, counted from 0, counts a reference's characters; expat ends a line at LF, CR or CR LF. Valid UTF-8
    /// up to <see cref="pos"/> is assumed (checked, or converted from Latin-1, before the characters are).
    /// </summary>
    private readonly XmlRpcParseException FailAsExpat(string what, string expatError)
    {
        var before = doc[..Math.Min(pos, doc.Length)];
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < before.Length; i++)
        {
            if (before[i] == '\r' || (before[i] == '\n' && (i == 0 || before[i - 1] != '\r')))
            {
                line++;
            }
            if (before[i] is (byte)'\r' or (byte)'\n')
            {
                lineStart = i + 1;
            }
        }
        var column = 0;
        var rest = before[lineStart..];
        while (!rest.IsEmpty)
        {
            Rune.DecodeFromUtf8(rest, out var rune, out var length);
            column += rune.IsAscii ? 1 : 3 + CountDigits(rune.Value);
            rest = rest[length..];
        }
        return new XmlRpcParseException(Fail(what).Message)
        {
            ExpatText = $"{expatError}: line {line}, column {column}",
        };
    }

    private static int CountDigits(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;

    private enum DeclaredEncoding
    {
        Utf8,
        Ascii,
        Latin1,
    }

    /// <summary>&lt;?xml version="1.x" encoding="..." standalone="yes|no"?&gt;: returns the encoding to read in.</summary>
    private DeclaredEncoding ReadDeclaration()
    {
        pos += 5;
        var encoding = DeclaredEncoding.Utf8;
        var index = 0;
        while (true)
        {
            var spaced = SkipSpace();
            if (doc[pos..].StartsWith("?>"u8))
            {
                if (index == 0)
                {
                    throw Fail("XML declaration without a version");
                }
                pos += 2;
                return encoding;
            }
            if (!spaced)
            {
                throw Fail("whitespace expected in the XML declaration");
            }
            var at = pos;
            var (start, length) = ScanName();
            var name = doc.Slice(start, length);
            var value = ScanQuotedValue("XML declaration value");
            if (index == 0 && name.SequenceEqual("version"u8))
            {
                if (value.Length < 3 || !value.StartsWith("1."u8) || value[2..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
                {
                    throw Fail("unsupported XML version");
                }
                index = 1;
            }
            else if (index == 1 && name.SequenceEqual("encoding"u8))
            {
                encoding = EncodingNamed(value);
                index = 2;
            }
            else if (index is 1 or 2 && name.SequenceEqual("standalone"u8))
            {
                if (!value.SequenceEqual("yes"u8) && !value.SequenceEqual("no"u8))
                {
                    throw Fail("standalone is neither yes nor no");
                }
                index = 3;
            }
            else
            {
                pos = at;
                throw Fail("unexpected item in the XML declaration");
            }
            pos += value.Length + 1;
        }
    }

    /// <summary>
    /// The encodings expat reads itself and Python's clients declare (utf-8, us-ascii, iso-8859-1), with the
    /// Python spellings utf8, ascii, latin-1 and latin1. UTF-16 (which a document declaring it must not be read as
    /// UTF-8) and Python's other single-byte codecs are refused: no XML-RPC client we know writes them.
    /// </summary>
    private readonly DeclaredEncoding EncodingNamed(ReadOnlySpan<byte> name)
    {
        if (Ascii.EqualsIgnoreCase(name, "utf-8"u8) || Ascii.EqualsIgnoreCase(name, "utf8"u8))
        {
            return DeclaredEncoding.Utf8;
        }
        if (Ascii.EqualsIgnoreCase(name, "us-ascii"u8) || Ascii.EqualsIgnoreCase(name, "ascii"u8))
        {
            return DeclaredEncoding.Ascii;
        }
        if (Ascii.EqualsIgnoreCase(name, "iso-8859-1"u8) || Ascii.EqualsIgnoreCase(name, "latin-1"u8) || Ascii.EqualsIgnoreCase(name, "latin1"u8))
        {
            return DeclaredEncoding.Latin1;
        }
        throw Fail($"unsupported encoding '{Encoding.UTF8.GetString(name)}' (utf-8, us-ascii and iso-8859-1 are read)");
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var at = 0;
        while (Rune.DecodeFromUtf8(bytes[at..], out _, out var consumed) == OperationStatus.Done)
        {
            at += consumed;
        }
        return at;
    }
}
