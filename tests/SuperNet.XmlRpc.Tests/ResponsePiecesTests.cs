using System.Text;
using SuperNet.XmlRpc;

namespace SuperNet.XmlRpc.Tests;

/// <summary>
/// The writer in pieces (<see cref="XmlRpcWriter.WriteResponsePieces"/>) over its reused per-thread state: the same
/// bytes as the whole answer at every piece size, whatever was left half-written before, and no garbage per answer.
/// </summary>
public class ResponsePiecesTests
{
    private static readonly XmlRpcValue Sample = new XmlRpcStruct(
    [
        new("int", 42),
        new("text", "a <b> & c\n \u001b[0m"),
        new("double", 1.5),
        new("when", new XmlRpcDateTime(new DateTime(2026, 1, 2, 3, 4, 5))),
        new("blob", new XmlRpcBase64(Encoding.ASCII.GetBytes(new string('x', 200)))),
        new("nil", XmlRpcValue.Nil),
        new("list", new XmlRpcArray([1, "two", new XmlRpcArray([]), new XmlRpcStruct([]), true])),
        new("lazy", XmlRpcArray.Lazy([1, 2, 3], i => new XmlRpcStruct([new("n", i)]))),
        new("written", XmlRpcArray.Lazy([4, 5], i => new XmlRpcStruct([new("n", i)]),
            (i, output) => output.Write(Encoding.UTF8.GetBytes($"<value><struct>\n<member>\n<name>n</name>\n<value><int>{i}</int></value>\n</member>\n</struct></value>\n")))),
        new("serialized", new XmlRpcSerialized(XmlRpcWriter.Serialize("pre-made"))),
    ]);

    private static string Joined(IEnumerable<ReadOnlyMemory<byte>> pieces)
    {
        var all = new List<byte>();
        foreach (var piece in pieces)
        {
            all.AddRange(piece.ToArray());
        }
        return Encoding.UTF8.GetString([.. all]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(2 << 20)]
    public void Pieces_join_to_the_whole_answer(int pieceBytes)
    {
        var whole = Encoding.UTF8.GetString(XmlRpcWriter.WriteResponse(Sample));
        Assert.Equal(whole, Joined(XmlRpcWriter.WriteResponsePieces(Sample, pieceBytes)));
    }

    [Fact]
    public void A_piece_is_cut_only_once_it_holds_the_piece_size()
    {
        var items = XmlRpcArray.Lazy(Enumerable.Range(0, 1000).ToList(), i => (XmlRpcValue)i);
        var sizes = XmlRpcWriter.WriteResponsePieces(items, 4096).Select(p => p.Length).ToList();
        Assert.True(sizes.Count > 2, $"{sizes.Count} pieces");
        Assert.All(sizes[..^1], size => Assert.InRange(size, 4096, 4096 + 64));
    }

    [Fact]
    public void Enumerating_twice_writes_the_answer_twice()
    {
        var pieces = XmlRpcWriter.WriteResponsePieces(Sample, 100);
        Assert.Equal(Joined(pieces), Joined(pieces));
    }

    [Fact]
    public void An_answer_left_half_written_does_not_leak_into_the_next()
    {
        using (var abandoned = XmlRpcWriter.WriteResponsePieces(Sample, 10).GetEnumerator())
        {
            abandoned.MoveNext();
            abandoned.MoveNext();
        }
        var broken = XmlRpcWriter.WriteResponsePieces(new XmlRpcArray([1, new Unknown()]), 1 << 20).GetEnumerator();
        Assert.Throws<ArgumentException>(() => broken.MoveNext());

        Assert.Equal(Encoding.UTF8.GetString(XmlRpcWriter.WriteResponse(Sample)), Joined(XmlRpcWriter.WriteResponsePieces(Sample, 1 << 20)));
    }

    [Fact]
    public void A_value_that_writes_values_itself_nests_inside_an_answer()
    {
        var outer = new XmlRpcArray([new SelfWriting(), "after"]);
        var expected = new XmlRpcArray([new XmlRpcStruct([new("inner", new XmlRpcArray([1, 2]))]), "after"]);
        Assert.Equal(Encoding.UTF8.GetString(XmlRpcWriter.WriteResponse(expected)), Joined(XmlRpcWriter.WriteResponsePieces(outer, 1)));
    }

    [Fact]
    public void A_value_nested_far_deeper_than_the_thread_stack_allows_is_written()
    {
        XmlRpcValue deep = "core";
        for (var i = 0; i < 100_000; i++)
        {
            deep = new XmlRpcArray([deep]);
        }
        var text = Joined(XmlRpcWriter.WriteResponsePieces(deep, 1 << 20));
        Assert.Equal(100_000, CountOf(text, "<value><array><data>\n"));
        Assert.Contains("<value><string>core</string></value>\n</data></array></value>\n", text);
        Assert.Equal(text, Encoding.UTF8.GetString(XmlRpcWriter.WriteResponse(deep)));
    }

    /// <summary>
    /// The thread's kept writer must not keep an answer alive after it is written: a multicall's results (up to
    /// 32 MB) or a listing's view would otherwise stay reachable until that thread writes something as deep again.
    /// </summary>
    [Fact]
    public void A_written_answer_is_not_kept_alive_by_the_threads_writer()
    {
        var whole = WriteAndForget(value => XmlRpcWriter.WriteResponse(value));
        Collect();
        Assert.False(whole.IsAlive, "the whole answer's items are still reachable");
        var pieces = WriteAndForget(value => Joined(XmlRpcWriter.WriteResponsePieces(value, 16)));
        Collect();
        Assert.False(pieces.IsAlive, "the answer in pieces' items are still reachable");
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference WriteAndForget(Action<XmlRpcValue> write)
    {
        var items = new List<XmlRpcValue> { new XmlRpcStruct([new("n", 1)]), "last" };
        write(new XmlRpcArray(items));
        return new WeakReference(items);
    }

    [Fact]
    public void A_small_answer_in_pieces_allocates_only_its_enumerator()
    {
        XmlRpcValue state = new XmlRpcStruct([new("statecode", 1), new("statename", "RUNNING")]);
        void Answer()
        {
            using var pieces = XmlRpcWriter.WriteResponsePieces(state, 2 << 20).GetEnumerator();
            while (pieces.MoveNext())
            {
            }
        }
        for (var i = 0; i < 100; i++)
        {
            Answer();
        }
        const int Answers = 1000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Answers; i++)
        {
            Answer();
        }
        var perAnswer = (GC.GetAllocatedBytesForCurrentThread() - before) / Answers;
        // One small object (the enumerator): the frame stack, output buffer and writer are reused.
        Assert.True(perAnswer <= 96, $"{perAnswer} bytes allocated per answer");
    }

    [Fact]
    public void A_call_without_parameters_allocates_only_the_parsed_call()
    {
        var body = "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getState</methodName>\n<params>\n</params>\n</methodCall>\n"u8.ToArray();
        var first = XmlRpcReader.ReadMethodCall(body);
        // The name's kept string is shared by every parse in the process: another test's text may take its slot
        // between two parses, so the best of a few tries counts.
        var least = long.MaxValue;
        for (var attempt = 0; attempt < 5 && least > 48; attempt++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var again = XmlRpcReader.ReadMethodCall(body);
            var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            if (ReferenceEquals(first.MethodName, again.MethodName))
            {
                least = Math.Min(least, bytes);
            }
            Assert.Same(first.Params, again.Params);
            first = again;
        }
        // The name is handed out again, not made anew; no list for no parameters; the scanner's room is on the stack.
        Assert.True(least <= 48, $"{least} bytes allocated to parse the call");
    }

    [Fact]
    public void Method_names_not_shared_are_read_as_before()
    {
        // More distinct names than there are slots to keep them: each still read right.
        var many = Enumerable.Range(0, 300).Select(i => $"made.up{i}");
        foreach (var name in many.Concat(["s\u00e9.x", "a&amp;b.c", new string('m', 100) + ".x", "made.up7"]))
        {
            var body = Encoding.UTF8.GetBytes($"<?xml version='1.0'?>\n<methodCall><methodName>{name}</methodName></methodCall>");
            Assert.Equal(name.Replace("&amp;", "&"), XmlRpcReader.ReadMethodCall(body).MethodName);
        }
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private sealed record Unknown : XmlRpcValue
    {
        public override string TypeName => "unknown";
    }

    private sealed record SelfWriting : XmlRpcEncoded
    {
        public override XmlRpcValue Expand() => new XmlRpcStruct([new("inner", new XmlRpcArray([1, 2]))]);

        public override void WriteTo(Utf8Buffer output) => XmlRpcWriter.WriteValue(output, Expand());
    }
}
