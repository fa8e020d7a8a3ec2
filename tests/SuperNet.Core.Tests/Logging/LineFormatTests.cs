using System.Buffers;
using System.Text;
using System.Text.Json;
using SuperNet.Core.Config;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests.Logging;

public sealed class LineFormatTests
{
    public static TheoryData<string> Prefixes => new() { ">", "w1 | ", "exactly 16 bytes", "seventeen bytes |", "a much longer prefix than one block | " };

    // The fill copies 16-byte blocks and finds line ends in them: lines shorter and longer than a block, empty
    // lines, line ends at every offset, and spans sized exactly (no slack) or by the bound all give the plain result.
    [Theory]
    [MemberData(nameof(Prefixes))]
    public void FillPrefixedPutsThePrefixBeforeEveryLineAndNothingElse(string prefixText)
    {
        var format = LineFormat.For("p", "stdout", new ContainerLogOptions { Prefix = prefixText }, colour: false);
        var prefix = Encoding.UTF8.GetBytes(prefixText);
        var random = new Random(16);
        for (int round = 0; round < 2000; round++)
        {
            var lines = RandomLines(random, random.Next(1, 12));
            var expected = Expected(prefix, lines);

            var exact = new byte[expected.Length];
            Assert.Equal(expected.Length, format.FillPrefixed(exact, lines));
            Assert.Equal(expected, exact);

            var bounded = new byte[format.PrefixedBound(lines)];
            int written = format.FillPrefixed(bounded, lines);
            Assert.Equal(expected, bounded.AsSpan(0, written).ToArray());
        }
    }

    // A chunk that finishes a line an earlier chunk began: that line is written whole, behind one prefix, in the
    // same block as the chunk's other lines; heads of every length around the 16-byte block, exact and bound spans.
    [Theory]
    [MemberData(nameof(Prefixes))]
    public void FillPrefixedFinishesTheLineAnEarlierChunkBegan(string prefixText)
    {
        var prefix = Encoding.UTF8.GetBytes(prefixText);
        var random = new Random(11);
        for (int round = 0; round < 2000; round++)
        {
            var lines = RandomLines(random, random.Next(1, 12));
            var head = Encoding.ASCII.GetBytes(new string('h', random.Next(1, 40)));
            var expected = Expected(prefix, [.. head, .. lines]);
            var chunk = new PrefixedChunk(head, lines, prefix);

            var exact = new byte[expected.Length];
            Assert.Equal(expected.Length, LineFormat.FillPrefixed(exact, chunk));
            Assert.Equal(expected, exact);

            var bounded = new byte[LineFormat.PrefixedBound(chunk)];
            int written = LineFormat.FillPrefixed(bounded, chunk);
            Assert.Equal(expected, bounded.AsSpan(0, written).ToArray());
        }
    }

    [Fact]
    public void FillPrefixedWritesNothingForNoLines()
    {
        var format = LineFormat.For("p", "stdout", new ContainerLogOptions { Prefix = "p | " }, colour: false);
        Assert.Equal(0, format.FillPrefixed(new byte[8], []));
    }

    // Every ASCII byte, including each control character, the quote and the backslash, at the start, middle and
    // end of a line, reads back from the JSON object as the line held it.
    [Fact]
    public void JsonLinesReadBackAsTheLineForEveryAsciiByte()
    {
        var format = LineFormat.For("p", "stdout", new ContainerLogOptions { Json = true }, colour: false);
        var time = "2026-12-06T12:00:00.000Z"u8.ToArray();
        for (int b = 0; b < 128; b++)
        {
            if (b is '\r' or '\n')
                continue;
            byte[][] lines = [[(byte)b], [(byte)'a', (byte)b, (byte)'z'], [.. "a long run before it: 0123456789abcdef"u8, (byte)b]];
            foreach (var line in lines)
            {
                var output = new ArrayBufferWriter<byte>();
                format.Append(output, line, time, complete: true);
                using var json = JsonDocument.Parse(output.WrittenMemory);
                Assert.Equal(Encoding.ASCII.GetString(line), json.RootElement.GetProperty("line").GetString());
            }
        }
    }

    // The chunk-at-once JSON writer against the line-by-line one: lines of every length around the 16-byte block,
    // escapes at every offset, "\r\n" endings and lone '\r's, multi-byte UTF-8, and chunks with invalid bytes.
    [Fact]
    public void JsonLinesOfAChunkAreTheLinesWrittenOneByOne()
    {
        var format = LineFormat.For("web_1", "stdout", new ContainerLogOptions { Json = true }, colour: false);
        var time = "2026-12-06T12:00:00.000Z"u8.ToArray();
        byte[][] pieces = ["a"u8.ToArray(), "0123456789"u8.ToArray(), "\""u8.ToArray(), "\\"u8.ToArray(), "\t"u8.ToArray(),
            "\r"u8.ToArray(), [0x01], [0x1f], [0x7f], "\u00e9"u8.ToArray(), "\U0001F600"u8.ToArray(), [0xff], [0xc3]];
        var random = new Random(22);
        for (int round = 0; round < 3000; round++)
        {
            var chunk = new List<byte>();
            int lines = random.Next(1, 8);
            for (int i = 0; i < lines; i++)
            {
                int parts = random.Next(0, 12);
                for (int j = 0; j < parts; j++)
                {
                    // Invalid bytes in one round of four only, so most chunks take the one-pass path.
                    var piece = pieces[random.Next(round % 4 == 0 ? pieces.Length : pieces.Length - 2)];
                    chunk.AddRange(piece);
                }
                if (random.Next(3) == 0)
                    chunk.Add((byte)'\r');
                chunk.Add((byte)'\n');
            }
            var bytes = chunk.ToArray();

            var expected = new ArrayBufferWriter<byte>();
            int start = 0;
            for (int i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] != (byte)'\n')
                    continue;
                format.Append(expected, bytes.AsSpan(start, i - start), time, complete: true);
                start = i + 1;
            }
            var actual = new ArrayBufferWriter<byte>();
            format.AppendJsonLines(actual, bytes, time);
            Assert.Equal(Encoding.UTF8.GetString(expected.WrittenSpan), Encoding.UTF8.GetString(actual.WrittenSpan));
        }
    }

    private static byte[] RandomLines(Random random, int count)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < count; i++)
        {
            int length = random.Next(4) == 0 ? random.Next(0, 3) : random.Next(0, 70);
            for (int j = 0; j < length; j++)
                bytes.Add((byte)random.Next(0x20, 0x7f));
            bytes.Add((byte)'\n');
        }
        return bytes.ToArray();
    }

    private static byte[] Expected(byte[] prefix, byte[] lines)
    {
        var result = new List<byte>();
        int start = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i] != (byte)'\n')
                continue;
            result.AddRange(prefix);
            result.AddRange(lines[start..(i + 1)]);
            start = i + 1;
        }
        return result.ToArray();
    }
}
