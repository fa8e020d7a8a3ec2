using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace SuperNet.XmlRpc;

internal enum XmlNode
{
    None,
    Element,
    EndElement,
    Text,
}

/// <summary>
/// A pull reader over UTF-8 bytes for the part of XML 1.0 that XML-RPC documents use, in place of System.Xml's
/// XmlReader (whose buffers and decoder cost more than parsing a getState call, and whose code was most of
/// supernetctl's start-up). It checks well-formedness (one root, matching end tags, nothing but comments, processing
/// instructions and whitespace around the root) and reports elements and text; comments and processing instructions
/// are skipped, attributes checked and ignored. A DOCTYPE is refused outright, so there is no DTD processing at all:
/// the five predefined entities and character references are the only references. Names are compared whole, with
/// no namespace processing, as Python's xmlrpc.client (expat without namespaces) compares them. Every rejection is
/// an XmlRpcParseException "malformed XML: what at line L, column C" (column in bytes).
/// </summary>
internal ref partial struct XmlScanner
{
    private static readonly SearchValues<byte> TextSpecial = SearchValues.Create("&\r"u8);
    private static readonly SearchValues<byte> TextMarks = SearchValues.Create("&\r]"u8);
    private static readonly SearchValues<byte> SpaceBytes = SearchValues.Create(" \t\r\n"u8);

    private ReadOnlySpan<byte> doc;
    private int pos;
    private readonly int maxOpen;
    private Span<int> open; // start and length of each open element's name
    private int depth;
    private bool rootSeen;
    private int nameStart;
    private int nameLength;
    private int textStart;
    private int textEnd;
    private bool textRaw; // CDATA: no references to resolve
    private bool textPlain; // neither references nor CR: the bytes are the text

    /// <param name="open">room for the open elements' names (16 levels on the caller's stack covers a call); grown on the heap</param>
    public XmlScanner(ReadOnlySpan<byte> body, XmlRpcLimits limits, Span<int> open)
    {
        this.open = open;
        // Element nesting is bounded beyond what limits.MaxDepth allows of values (three elements per level), so a
        // deep pile of unknown elements that the reader skips costs bounded memory too.
        maxOpen = 4 * limits.MaxDepth + 16;
        doc = body;
        if (doc.StartsWith("\uFEFF"u8))
        {
            pos = 3;
        }
        var encoding = pos + 5 < doc.Length && doc[pos..].StartsWith("<?xml"u8) && IsSpace(doc[pos + 5])
            ? ReadDeclaration()
            : DeclaredEncoding.Utf8;
        switch (encoding)
        {
            case DeclaredEncoding.Utf8:
                if (!Utf8.IsValid(doc))
                {
                    pos = FirstInvalidUtf8(doc);
                    throw Fail("invalid UTF-8");
                }
                break;
            case DeclaredEncoding.Ascii:
                var nonAscii = doc.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
                if (nonAscii >= 0)
                {
                    pos = nonAscii;
                    throw Fail($"byte 0x{doc[nonAscii]:X2} in a us-ascii document");
                }
                break;
            case DeclaredEncoding.Latin1:
                // Every byte is one character: the rest of the document as UTF-8, then read as any other. The
                // declaration stays in front, so positions in errors count from the document's start.
                var rest = Encoding.Latin1.GetString(doc[pos..]);
                var converted = new byte[pos + Encoding.UTF8.GetByteCount(rest)];
                doc[..pos].CopyTo(converted);
                Encoding.UTF8.GetBytes(rest, converted.AsSpan(pos));
                doc = converted;
                break;
        }
        CheckCharacters();
        // Characters never outnumber UTF-8 bytes, so only a long document needs counting.
        if (doc.Length > limits.MaxCharacters && Encoding.UTF8.GetCharCount(doc) > limits.MaxCharacters)
        {
            throw Fail($"the document is longer than {limits.MaxCharacters} characters");
        }
    }

    public XmlNode Kind { get; private set; }

    /// <summary>The element's name (Element and EndElement).</summary>
    public readonly ReadOnlySpan<byte> Name => doc.Slice(nameStart, nameLength);

    public readonly string NameText => Encoding.UTF8.GetString(Name);

    /// <summary>An element written &lt;a/&gt;: no EndElement follows it.</summary>
    public bool IsEmptyElement { get; private set; }

    /// <summary>Moves to the next element, end tag or text (or CDATA section); false at the end of the document.</summary>
    public bool Read()
    {
        while (true)
        {
            if (pos >= doc.Length)
            {
                if (depth > 0)
                {
                    throw Fail($"unexpected end of document, <{Encoding.UTF8.GetString(doc.Slice(open[2 * depth - 2], open[2 * depth - 1]))}> is not closed");
                }
                if (!rootSeen)
                {
                    throw Fail("no root element");
                }
                Kind = XmlNode.None;
                return false;
            }
            if (doc[pos] != '<')
            {
                if (ReadText())
                {
                    return true;
                }
                continue;
            }
            var rest = doc[pos..];
            if (rest.StartsWith("<?"u8))
            {
                SkipProcessingInstruction();
            }
            else if (rest.StartsWith("<!--"u8))
            {
                SkipComment();
            }
            else if (rest.StartsWith("<![CDATA["u8))
            {
                if (depth == 0)
                {
                    throw Fail("CDATA section outside the root element");
                }
                var end = rest.IndexOf("]]>"u8);
                if (end < 0)
                {
                    throw Fail("unterminated CDATA section");
                }
                (textStart, textEnd, textRaw, textPlain) = (pos + 9, pos + end, true, false);
                pos += end + 3;
                Kind = XmlNode.Text;
                return true;
            }
            else if (rest.StartsWith("<!DOCTYPE"u8))
            {
                throw Fail("DTD is prohibited (DOCTYPE)");
            }
            else if (rest.StartsWith("</"u8))
            {
                ReadEndTag();
                return true;
            }
            else
            {
                ReadStartTag();
                return true;
            }
        }
    }

    /// <summary>At a start tag: moves past its element, children and all.</summary>
    public void Skip()
    {
        if (Kind != XmlNode.Element || IsEmptyElement)
        {
            Read();
            return;
        }
        var target = depth - 1;
        while (Read() && !(Kind == XmlNode.EndElement && depth == target))
        {
        }
        Read();
    }

    /// <summary>At a start tag: its text content (comments skipped), then moves past its end tag.</summary>
    /// <param name="shared">a method name: plain text is taken from <see cref="RepeatedStrings"/>, not made anew</param>
    public string ReadElementContentAsString(bool shared = false)
    {
        var (parentStart, parentLength) = (nameStart, nameLength);
        if (IsEmptyElement)
        {
            Read();
            return "";
        }
        string? single = null;
        StringBuilder? many = null;
        while (Read())
        {
            switch (Kind)
            {
                case XmlNode.Text:
                    var text = shared && textPlain ? RepeatedStrings.GetUtf8(doc[textStart..textEnd]) : TextValue();
                    if (single is null)
                    {
                        single = text;
                    }
                    else
                    {
                        many ??= new StringBuilder(single);
                        many.Append(text);
                    }
                    break;
                case XmlNode.Element:
                    throw new XmlRpcParseException($"unexpected <{NameText}> in <{Encoding.UTF8.GetString(doc.Slice(parentStart, parentLength))}>");
                case XmlNode.EndElement:
                    Read();
                    return many?.ToString() ?? single ?? "";
            }
        }
        throw Fail("unexpected end of document");
    }

    /// <summary>The current text node with references resolved and line ends normalised to \n.</summary>
    public readonly string TextValue()
    {
        var raw = doc[textStart..textEnd];
        var special = textPlain ? -1 : textRaw ? raw.IndexOf((byte)'\r') : raw.IndexOfAny(TextSpecial);
        if (special < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }
        // No construct yields more UTF-16 chars than it has bytes.
        var buffer = ArrayPool<char>.Shared.Rent(raw.Length);
        var length = 0;
        while (true)
        {
            length += Encoding.UTF8.GetChars(raw[..special], buffer.AsSpan(length));
            raw = raw[special..];
            if (raw[0] == '\r')
            {
                buffer[length++] = '\n';
                raw = raw[(raw.Length > 1 && raw[1] == '\n' ? 2 : 1)..];
            }
            else
            {
                var end = raw.IndexOf((byte)';');
                var rune = Reference(raw[1..end]) ?? default; // checked when the text was read
                length += rune.EncodeToUtf16(buffer.AsSpan(length));
                raw = raw[(end + 1)..];
            }
            special = textRaw ? raw.IndexOf((byte)'\r') : raw.IndexOfAny(TextSpecial);
            if (special < 0)
            {
                length += Encoding.UTF8.GetChars(raw, buffer.AsSpan(length));
                var value = new string(buffer, 0, length);
                ArrayPool<char>.Shared.Return(buffer);
                return value;
            }
        }
    }

    /// <summary>Whether the current text node is only whitespace (in .NET's sense, as string.IsNullOrWhiteSpace).</summary>
    public readonly bool TextIsWhitespace()
    {
        var raw = doc[textStart..textEnd];
        return !raw.ContainsAnyExcept(SpaceBytes) || string.IsNullOrWhiteSpace(TextValue());
    }

    private bool ReadText()
    {
        var rest = doc[pos..];
        var length = rest.IndexOf((byte)'<');
        if (length < 0)
        {
            length = rest.Length;
        }
        var text = rest[..length];
        if (depth == 0)
        {
            var junk = text.IndexOfAnyExcept(SpaceBytes);
            if (junk >= 0)
            {
                pos += junk;
                var what = rootSeen ? "junk after the root element" : "text before the root element";
                // supervisorctl's expat reads a non-ASCII character as its reference: an '&' that starts no token here.
                throw text[junk] is (byte)'&' or >= 0x80 ? FailAsExpat(what, "not well-formed (invalid token)") : Fail(what);
            }
            pos += length;
            return false;
        }
        // Most text (names, numbers, state names) has no mark at all: one search, and none when it is decoded.
        textPlain = text.IndexOfAny(TextMarks) < 0;
        if (!textPlain)
        {
            var cdataEnd = text.IndexOf("]]>"u8);
            if (cdataEnd >= 0)
            {
                pos += cdataEnd;
                throw Fail("']]>' in text");
            }
            CheckReferences(text);
        }
        (textStart, textEnd, textRaw) = (pos, pos + length, false);
        pos += length;
        Kind = XmlNode.Text;
        return true;
    }

    private void ReadStartTag()
    {
        if (depth == 0 && rootSeen)
        {
            throw Fail("junk after the root element");
        }
        pos++;
        var (start, length) = ScanName();
        var attributes = 0;
        int[]? seen = null;
        while (true)
        {
            var spaced = SkipSpace();
            if (pos >= doc.Length)
            {
                throw Fail("unexpected end of document in a start tag");
            }
            if (doc[pos] == '>')
            {
                pos++;
                IsEmptyElement = false;
                break;
            }
            if (doc[pos] == '/')
            {
                if (pos + 1 >= doc.Length || doc[pos + 1] != '>')
                {
                    throw Fail("'/' not followed by '>'");
                }
                pos += 2;
                IsEmptyElement = true;
                break;
            }
            if (!spaced)
            {
                throw FailInMarkup("whitespace expected before an attribute");
            }
            var attribute = ScanName();
            seen ??= new int[8];
            for (var i = 0; i < attributes; i++)
            {
                if (doc.Slice(seen[2 * i], seen[2 * i + 1]).SequenceEqual(doc.Slice(attribute.Start, attribute.Length)))
                {
                    pos = attribute.Start;
                    throw Fail("duplicate attribute");
                }
            }
            if (2 * attributes + 2 > seen.Length)
            {
                Array.Resize(ref seen, seen.Length * 2);
            }
            seen[2 * attributes] = attribute.Start;
            seen[2 * attributes + 1] = attribute.Length;
            attributes++;
            var value = ScanQuotedValue("attribute value");
            var lt = value.IndexOf((byte)'<');
            if (lt >= 0)
            {
                pos += lt;
                throw Fail("'<' in an attribute value");
            }
            CheckReferences(value);
            pos += value.Length + 1;
        }
        rootSeen = true;
        (nameStart, nameLength) = (start, length);
        Kind = XmlNode.Element;
        if (!IsEmptyElement)
        {
            if (depth >= maxOpen)
            {
                throw Fail($"elements nested deeper than {maxOpen} levels");
            }
            if (2 * depth + 2 > open.Length)
            {
                var grown = new int[Math.Max(32, open.Length * 2)];
                open.CopyTo(grown);
                open = grown;
            }
            open[2 * depth] = start;
            open[2 * depth + 1] = length;
            depth++;
        }
    }

    private void ReadEndTag()
    {
        var tag = pos;
        pos += 2;
        var (start, length) = ScanName();
        SkipSpace();
        Expect((byte)'>');
        var name = doc.Slice(start, length);
        if (depth == 0)
        {
            pos = tag;
            throw Fail($"end tag </{Encoding.UTF8.GetString(name)}> without a start tag");
        }
        var expected = doc.Slice(open[2 * depth - 2], open[2 * depth - 1]);
        if (!name.SequenceEqual(expected))
        {
            pos = tag;
            throw Fail($"end tag </{Encoding.UTF8.GetString(name)}> does not match <{Encoding.UTF8.GetString(expected)}>");
        }
        depth--;
        (nameStart, nameLength) = (start, length);
        IsEmptyElement = false;
        Kind = XmlNode.EndElement;
    }

    private void SkipComment()
    {
        var body = pos + 4;
        var dashes = doc[body..].IndexOf("--"u8);
        if (dashes < 0)
        {
            throw Fail("unterminated comment");
        }
        var end = body + dashes;
        if (end + 2 >= doc.Length || doc[end + 2] != '>')
        {
            pos = end;
            throw Fail("'--' inside a comment");
        }
        pos = end + 3;
    }

    private void SkipProcessingInstruction()
    {
        pos += 2;
        var (start, length) = ScanName();
        if (length == 3 && Ascii.EqualsIgnoreCase(doc.Slice(start, 3), "xml"u8))
        {
            pos = start - 2;
            throw Fail("XML declaration not at the start of the document");
        }
        var end = doc[pos..].IndexOf("?>"u8);
        if (end < 0)
        {
            throw Fail("unterminated processing instruction");
        }
        if (end > 0 && !IsSpace(doc[pos]))
        {
            throw FailInMarkup("whitespace expected after the processing instruction's target");
        }
        pos += end + 2;
    }

    private void CheckReferences(ReadOnlySpan<byte> text)
    {
        var offset = 0;
        while (true)
        {
            var amp = text[offset..].IndexOf((byte)'&');
            if (amp < 0)
            {
                return;
            }
            offset += amp;
            var end = text[offset..].IndexOf((byte)';');
            if (end < 0 || Reference(text.Slice(offset + 1, end - 1)) is null)
            {
                pos += offset;
                var what = end < 0 ? "'&' not starting a reference" : $"unknown entity or bad character reference '{Encoding.UTF8.GetString(text.Slice(offset, end + 1))}'";
                throw end > 0 && IsCharacterNumber(text.Slice(offset + 1, end - 1)) ? FailAsExpat(what, "reference to invalid character number") : Fail(what);
            }
            offset += end + 1;
        }
    }

    /// <summary>The character a reference between '&amp;' and ';' stands for; null if it is not one.</summary>
    private static Rune? Reference(ReadOnlySpan<byte> name)
    {
        if (name.Length > 1 && name[0] == '#')
        {
            var hex = name[1] == 'x';
            var digits = name[(hex ? 2 : 1)..];
            if (digits.IsEmpty)
            {
                return null;
            }
            var value = 0;
            foreach (var b in digits)
            {
                var digit = b is >= (byte)'0' and <= (byte)'9' ? b - '0'
                    : hex && b is >= (byte)'a' and <= (byte)'f' ? b - 'a' + 10
                    : hex && b is >= (byte)'A' and <= (byte)'F' ? b - 'A' + 10
                    : -1;
                if (digit < 0)
                {
                    return null;
                }
                value = value * (hex ? 16 : 10) + digit;
                if (value > 0x10FFFF)
                {
                    return null;
                }
            }
            // Any scalar value, C0 controls and NUL included: our writer refers to them (XmlRpcWriter.WriteEscaped),
            // as System.Xml's reader accepted them with CheckCharacters off.
            // U+FFFE and U+FFFF are not XML characters, referred to or not.
            return Rune.IsValid(value) && value is not (0xFFFE or 0xFFFF) ? new Rune(value) : null;
        }
        return name switch
        {
            _ when name.SequenceEqual("lt"u8) => new Rune('<'),
            _ when name.SequenceEqual("gt"u8) => new Rune('>'),
            _ when name.SequenceEqual("amp"u8) => new Rune('&'),
            _ when name.SequenceEqual("quot"u8) => new Rune('"'),
            _ when name.SequenceEqual("apos"u8) => new Rune('\''),
            _ => null,
        };
    }

    /// <summary>A well-formed character reference's name ("#N" or "#xH"), whatever number it holds.</summary>
    private static bool IsCharacterNumber(ReadOnlySpan<byte> name) =>
        name.Length > 1 && name[0] == '#' && (name[1] == 'x'
            ? name.Length > 2 && !name[2..].ContainsAnyExcept(HexDigits)
            : !name[1..].ContainsAnyExceptInRange((byte)'0', (byte)'9'));

    private static readonly SearchValues<byte> HexDigits = SearchValues.Create("0123456789abcdefABCDEF"u8);

    /// <summary>
    /// A failure where markup was being read. An '&amp;' there is where supervisorctl's expat met a non-ASCII
    /// character of a name (its transport hands expat references for them), so it is expat's invalid token.
    /// </summary>
    private readonly XmlRpcParseException FailInMarkup(string what) =>
        pos < doc.Length && doc[pos] == '&' ? FailAsExpat(what, "not well-formed (invalid token)") : Fail(what);

    /// <summary>An XML name (ASCII rules; any non-ASCII character is taken as a name character).</summary>
    private (int Start, int Length) ScanName()
    {
        var start = pos;
        if (pos >= doc.Length || !IsNameStart(doc[pos]))
        {
            throw FailInMarkup("name expected");
        }
        pos++;
        while (pos < doc.Length && (IsNameStart(doc[pos]) || doc[pos] is (byte)'-' or (byte)'.' or >= (byte)'0' and <= (byte)'9'))
        {
            pos++;
        }
        return (start, pos - start);
    }

    private static bool IsNameStart(byte b) => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or (byte)'_' or (byte)':' or >= 0x80;

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private bool SkipSpace()
    {
        var start = pos;
        while (pos < doc.Length && IsSpace(doc[pos]))
        {
            pos++;
        }
        return pos > start;
    }

    /// <summary>
    /// After an attribute's (or the declaration's pseudo-attribute's) name: <c>= "value"</c> with either quote and
    /// spaces around '='. Returns the value and leaves pos at its first byte, so an error inside it points there.
    /// </summary>
    private ReadOnlySpan<byte> ScanQuotedValue(string what)
    {
        SkipSpace();
        Expect((byte)'=');
        SkipSpace();
        if (pos >= doc.Length || (doc[pos] != '"' && doc[pos] != '\''))
        {
            throw Fail($"{what} not quoted");
        }
        var quote = doc[pos++];
        var length = doc[pos..].IndexOf(quote);
        if (length < 0)
        {
            throw Fail($"unterminated {what}");
        }
        return doc.Slice(pos, length);
    }

    private void Expect(byte b)
    {
        if (pos >= doc.Length || doc[pos] != b)
        {
            throw FailInMarkup($"'{(char)b}' expected");
        }
        pos++;
    }

    private readonly XmlRpcParseException Fail(string what)
    {
        var at = Math.Min(pos, doc.Length);
        var before = doc[..at];
        var line = before.Count((byte)'\n') + 1;
        var column = at - before.LastIndexOf((byte)'\n');
        return new XmlRpcParseException($"malformed XML: {what} at line {line}, column {column}");
    }
}
