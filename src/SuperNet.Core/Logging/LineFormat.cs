using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Unicode;
using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>
/// How one process channel's lines look on a daemon stream: as written (no log_prefix), behind a prefix
/// (optionally with the time and, on a terminal, a colour per program), or as one JSON object per line.
/// </summary>
internal sealed class LineFormat
{
    // honcho's palette: bright enough on dark and light terminals; red is left for the end, it reads as an error.
    private static readonly string[] Colours = ["36", "33", "32", "35", "34", "31"];
    private static readonly byte[] JsonHead = "{\"time\":\""u8.ToArray();
    private static readonly byte[] JsonTail = "\"}\n"u8.ToArray();
    // What JSON strings may not hold as they are: the control characters, the quote and the backslash.
    private static readonly SearchValues<byte> Escaped = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, (byte)'"', (byte)'\\']);

    // What a chunk may reserve in a stream's queue beyond what it needs, before it counts its lines instead.
    private const int MaxReserve = 1024 * 1024;

    private readonly byte[] beforeTime;
    private readonly byte[] afterTime;

    private LineFormat(bool json, bool raw, bool hasTime, byte[] beforeTime, byte[] afterTime)
    {
        IsJson = json;
        IsRaw = raw;
        NeedsTime = hasTime;
        this.beforeTime = beforeTime;
        this.afterTime = afterTime;
    }

    /// <summary>The same bytes before every line (a prefix without the time), or null.</summary>
    public byte[]? FixedPrefix { get; private init; }

    /// <summary>No prefix, no JSON: bytes go out exactly as the child wrote them.</summary>
    public bool IsRaw { get; }
    public bool IsJson { get; }
    public bool NeedsTime { get; }

    public static LineFormat For(string processName, string channel, ContainerLogOptions options, bool colour)
    {
        if (options.Json)
        {
            var middle = new StringBuilder("\",\"program\":\"");
            JsonText(middle, processName);
            middle.Append("\",\"stream\":\"").Append(channel).Append("\",\"line\":\"");
            return new LineFormat(json: true, raw: false, hasTime: true, JsonHead, Encoding.UTF8.GetBytes(middle.ToString()));
        }
        if (options.Prefix.Length == 0)
            return new LineFormat(json: false, raw: true, hasTime: false, [], []);
        var (start, end) = colour ? ($"\e[{Colours[ColourIndex(processName)]}m", "\e[0m") : ("", "");
        int at = options.Prefix.IndexOf(ContainerLogOptions.TimeToken, StringComparison.Ordinal);
        if (at < 0)
        {
            var prefix = Encoding.UTF8.GetBytes(start + options.Prefix + end);
            return new LineFormat(json: false, raw: false, hasTime: false, prefix, []) { FixedPrefix = prefix };
        }
        return new LineFormat(json: false, raw: false, hasTime: true,
            Encoding.UTF8.GetBytes(start + options.Prefix[..at]),
            Encoding.UTF8.GetBytes(options.Prefix[(at + ContainerLogOptions.TimeToken.Length)..] + end));
    }

    /// <summary>The time as lines show it: UTC, ISO 8601 with milliseconds.</summary>
    public static byte[] Time(DateTimeOffset now) =>
        Encoding.ASCII.GetBytes(now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    /// <summary>Appends one formatted line (without its '\n'); a raw partial line gets no '\n' added.</summary>
    public void Append(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> line, byte[] time, bool complete)
    {
        if (IsRaw)
        {
            output.Write(line);
            if (complete)
                output.Write("\n"u8);
            return;
        }
        output.Write(beforeTime);
        if (NeedsTime)
            output.Write(time);
        output.Write(afterTime);
        if (IsJson)
        {
            if (line.EndsWith("\r"u8))
                line = line[..^1];
            JsonEscape(output, line);
            output.Write(JsonTail);
            return;
        }
        output.Write(line);
        output.Write("\n"u8);
    }

    /// <summary>
    /// Appends <paramref name="lines"/> (whole lines, each ending in '\n') as one JSON object each, exactly as
    /// <see cref="Append"/> line by line would.
    /// </summary>
    /// <remarks>
    /// One pass over the chunk: 16-byte blocks are copied and tested for a line end or a byte JSON must escape in
    /// the same registers. Line by line, the calls to find each line's end, check its UTF-8, search it for escapes
    /// and write its five parts cost the pump five times the prefixed format's CPU on ~100-byte lines. A line end is
    /// ASCII and never inside a UTF-8 sequence, so a chunk that is valid UTF-8 has only valid lines; one that is not
    /// goes line by line, to replace the bad bytes of its own lines only.
    /// </remarks>
    public void AppendJsonLines(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> lines, byte[] time)
    {
        if (!Utf8.IsValid(lines))
        {
            while (!lines.IsEmpty)
            {
                int end = lines.IndexOf((byte)'\n');
                Append(output, lines[..end], time, complete: true);
                lines = lines[(end + 1)..];
            }
            return;
        }
        var head = TimedPrefix(time);
        // The most one step writes: a block, then a line's end and the next line's head (or a \u00XX escape).
        int step = 16 + JsonTail.Length + head.Length + 6;
        ref byte source = ref MemoryMarshal.GetReference(lines);
        var into = output.GetSpan(lines.Length * 2 + step);
        int at = 0, from = 0;
        bool lineStart = true;
        while (from < lines.Length)
        {
            if (into.Length - at < step)
            {
                output.Advance(at);
                into = output.GetSpan((lines.Length - from) * 2 + step);
                at = 0;
            }
            if (lineStart)
            {
                head.CopyTo(into[at..]);
                at += head.Length;
                lineStart = false;
            }
            if (Vector128.IsHardwareAccelerated && from + 16 <= lines.Length)
            {
                var block = Vector128.LoadUnsafe(ref source, (nuint)from);
                block.StoreUnsafe(ref MemoryMarshal.GetReference(into), (nuint)at);
                uint special = (Vector128.LessThan(block, Vector128.Create((byte)0x20))
                    | Vector128.Equals(block, Vector128.Create((byte)'"'))
                    | Vector128.Equals(block, Vector128.Create((byte)'\\'))).ExtractMostSignificantBits();
                if (special == 0)
                {
                    from += 16;
                    at += 16;
                    continue;
                }
                int plain = BitOperations.TrailingZeroCount(special);
                from += plain;
                at += plain;
            }
            byte next = Unsafe.Add(ref source, from++);
            if (next >= 0x20 && next != (byte)'"' && next != (byte)'\\')
            {
                into[at++] = next;
                continue;
            }
            if (next == (byte)'\n')
            {
                JsonTail.CopyTo(into[at..]);
                at += JsonTail.Length;
                lineStart = true;
                continue;
            }
            // The '\r' of a line's "\r\n" ending is dropped, as Append drops it.
            if (next == (byte)'\r' && from < lines.Length && Unsafe.Add(ref source, from) == (byte)'\n')
                continue;
            at += Escape(next, into[at..]);
        }
        output.Advance(at);
    }

    private static int Escape(byte special, Span<byte> into)
    {
        ReadOnlySpan<byte> text = special switch
        {
            (byte)'"' => "\\\""u8,
            (byte)'\\' => "\\\\"u8,
            (byte)'\n' => "\\n"u8,
            (byte)'\r' => "\\r"u8,
            (byte)'\t' => "\\t"u8,
            _ => [],
        };
        if (!text.IsEmpty)
        {
            text.CopyTo(into);
            return text.Length;
        }
        "\\u00"u8.CopyTo(into);
        into[4] = HexDigit(special >> 4);
        into[5] = HexDigit(special & 0xf);
        return 6;
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);

    /// <summary>
    /// Writes <paramref name="lines"/> (whole lines, each ending in '\n') behind <see cref="FixedPrefix"/> into
    /// <paramref name="into"/>, which has room for them (<see cref="PrefixedBound(ReadOnlySpan{byte})"/>), and returns the length written.
    /// </summary>
    /// <remarks>
    /// One pass that copies 16 bytes at a time and looks for '\n' in the same registers: finding each line end and
    /// then copying the line (two calls per line, on ~100-byte lines) cost the pump thread as much CPU as the
    /// kernel's copy out of the pipe. A block stored past a line end is overwritten by the prefix and the next
    /// line; it never reaches beyond where its own last byte belongs, so an exact-sized span is not overrun.
    /// </remarks>
    public int FillPrefixed(Span<byte> into, ReadOnlySpan<byte> lines) => FillPrefixed(into, lines, FixedPrefix!);

    /// <summary>
    /// As <see cref="FillPrefixed(Span{byte}, ReadOnlySpan{byte})"/> for a chunk whose first line began in an
    /// earlier one (<see cref="PrefixedChunk.Head"/>): that line goes out whole, in the same block as the rest.
    /// </summary>
    public static int FillPrefixed(Span<byte> into, PrefixedChunk chunk)
    {
        if (chunk.Head.IsEmpty)
            return FillPrefixed(into, chunk.Lines, chunk.Prefix);
        chunk.Prefix.CopyTo(into);
        chunk.Head.CopyTo(into[chunk.Prefix.Length..]);
        int at = chunk.Prefix.Length + chunk.Head.Length;
        return at + FillPrefixed(into[at..], chunk.Lines, chunk.Prefix, lineStarted: true);
    }

    /// <summary>Room enough for <paramref name="chunk"/> (see <see cref="PrefixedBound(ReadOnlySpan{byte})"/>).</summary>
    public static int PrefixedBound(PrefixedChunk chunk) =>
        chunk.Prefix.Length + chunk.Head.Length + PrefixedBound(chunk.Lines, chunk.Prefix.Length);

    /// <summary>As <see cref="FillPrefixed(Span{byte}, ReadOnlySpan{byte})"/>, behind <paramref name="prefix"/>.</summary>
    /// <param name="lineStarted">The first line's prefix is already written (it began in an earlier chunk).</param>
    public static int FillPrefixed(Span<byte> into, ReadOnlySpan<byte> lines, byte[] prefix, bool lineStarted = false)
    {
        if (lines.IsEmpty)
            return 0;
        ref byte source = ref MemoryMarshal.GetReference(lines);
        ref byte target = ref MemoryMarshal.GetReference(into);
        int length = lines.Length;
        if (!lineStarted)
            prefix.CopyTo(into);
        nuint at = lineStarted ? 0 : (nuint)prefix.Length, from = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var newline = Vector128.Create((byte)'\n');
            // A prefix of up to 16 bytes goes out as one store; what that writes past its end is the next line's room.
            bool shortPrefix = prefix.Length <= 16;
            Span<byte> padded = stackalloc byte[16];
            if (shortPrefix)
                prefix.CopyTo(padded);
            var prefixBlock = Vector128.Create((ReadOnlySpan<byte>)padded);
            while (from + 16 <= (nuint)length)
            {
                var block = Vector128.LoadUnsafe(ref source, from);
                block.StoreUnsafe(ref target, at);
                uint ends = Vector128.Equals(block, newline).ExtractMostSignificantBits();
                if (ends == 0)
                {
                    from += 16;
                    at += 16;
                    continue;
                }
                nuint taken = (nuint)BitOperations.TrailingZeroCount(ends) + 1;
                from += taken;
                at += taken;
                if (from == (nuint)length)
                    return (int)at;
                if (shortPrefix && at + 16 <= (nuint)into.Length)
                    prefixBlock.StoreUnsafe(ref target, at);
                else
                    prefix.CopyTo(into[(int)at..]);
                at += (nuint)prefix.Length;
            }
        }
        while (from < (nuint)length)
        {
            byte next = Unsafe.Add(ref source, from++);
            Unsafe.Add(ref target, at++) = next;
            if (next == (byte)'\n' && from < (nuint)length)
            {
                prefix.CopyTo(into[(int)at..]);
                at += (nuint)prefix.Length;
            }
        }
        return (int)at;
    }

    /// <summary>
    /// Room enough for <paramref name="lines"/> behind <see cref="FixedPrefix"/>. Counting the lines would cost a
    /// pass over the bytes as long as the copy itself, so an ordinary chunk reserves as if every byte ended a line.
    /// </summary>
    public int PrefixedBound(ReadOnlySpan<byte> lines) => PrefixedBound(lines, FixedPrefix!.Length);

    public static int PrefixedBound(ReadOnlySpan<byte> lines, int prefixLength)
    {
        long everyByte = (long)lines.Length * (prefixLength + 1);
        return everyByte <= MaxReserve ? (int)everyByte : lines.Length + lines.Count((byte)'\n') * prefixLength;
    }

    /// <summary>The bytes before each line of a chunk read at <paramref name="time"/> (a JSON object's head, too).</summary>
    public byte[] TimedPrefix(byte[] time) => [.. beforeTime, .. time, .. afterTime];

    private static void JsonEscape(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> line)
    {
        // JSON is text: bytes that are not UTF-8 become U+FFFD, as any decoder would show them.
        if (!Utf8.IsValid(line))
            line = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(line));
        // A vectorised search from one byte that needs escaping to the next, not a test of every byte.
        int at;
        while ((at = line.IndexOfAny(Escaped)) >= 0)
        {
            output.Write(line[..at]);
            output.Advance(Escape(line[at], output.GetSpan(6)));
            line = line[(at + 1)..];
        }
        output.Write(line);
    }

    private static void JsonText(StringBuilder into, string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        JsonEscape(buffer, Encoding.UTF8.GetBytes(text));
        into.Append(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    // Stable across restarts and generations, so a program keeps its colour.
    private static int ColourIndex(string name)
    {
        uint hash = 2166136261;
        foreach (char c in name)
            hash = (hash ^ c) * 16777619;
        return (int)(hash % (uint)Colours.Length);
    }
}

/// <summary>
/// Whole lines for <see cref="LineFormat.FillPrefixed(Span{byte}, PrefixedChunk)"/>: <see cref="Lines"/> each end in
/// '\n', the first one's start (<see cref="Head"/>, perhaps empty) held back from an earlier chunk.
/// </summary>
internal readonly ref struct PrefixedChunk(ReadOnlySpan<byte> head, ReadOnlySpan<byte> lines, byte[] prefix)
{
    public ReadOnlySpan<byte> Head { get; } = head;
    public ReadOnlySpan<byte> Lines { get; } = lines;
    public byte[] Prefix { get; } = prefix;
}
