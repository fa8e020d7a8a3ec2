using System.Text;
using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

/// <summary>
/// A server that answers with broken or oversized HTTP: supernetctl reports it on one line, as supervisorctl
/// does, and never with a .NET exception's name or stack trace, also when memory is as tight as a container's.
/// </summary>
public sealed class HostileServerTests
{
    /// <summary>A GC heap limit as a 64 MiB container would set it (the value is hexadecimal).</summary>
    private static readonly Dictionary<string, string> SmallHeap = new() { ["DOTNET_GCHeapHardLimit"] = "4000000" };

    private static void AssertNoDotnetError(CtlResult result)
    {
        var all = result.Stdout + result.Stderr;
        Assert.DoesNotContain("Unhandled exception", all);
        // A .NET exception named where supervisorctl names a Python class (http.client.HTTPException is Python's).
        Assert.DoesNotMatch(@"<class '[A-Za-z]*Exception'>", all);
        Assert.DoesNotContain("   at ", all);
    }

    [Fact]
    public void A_content_length_of_two_gigabytes_with_three_bytes_behind_it_is_an_incomplete_body()
    {
        using var server = new HostileServer("HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 2000000000\r\n\r\nabc");
        var result = Clients.OursProcess(["-s", server.Url, "status"], environment: SmallHeap);
        AssertNoDotnetError(result);
        Assert.Contains("connection closed inside the body", result.Stdout);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void A_body_larger_than_the_memory_there_is_is_a_MemoryError_line()
    {
        const int megabytes = 256;
        using var server = new HostileServer(async stream =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {megabytes << 20}\r\n\r\n"));
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'x');
            for (var i = 0; i < megabytes; i++)
            {
                await stream.WriteAsync(chunk);
            }
        });
        var result = Clients.OursProcess(["-s", server.Url, "status"], environment: SmallHeap);
        AssertNoDotnetError(result);
        Assert.Equal("error: <class 'MemoryError'>, : file: supernetctl line: 0\n", result.Stdout);
        Assert.Equal(1, result.ExitCode);
    }

    public static TheoryData<string, string> BadContentLengths => new()
    {
        { "status", "abc" },
        { "status", "-1" },
        { "status", "99999999999999999999999" },
        { "tail -f x", "abc" },
        { "tail -f x", "99999999999999999999999" },
        { "maintail -f", "abc" },
        // More digits than Python's int() reads: http.client reads to the close as for "abc", the log stream
        // client reports int()'s ValueError; supernetctl took them for a length past 64 bits (OverflowError).
        { "status", TooLong },
        { "tail -f x", TooLong },
        { "tail -f x", TooLong + "x" },
        { "maintail -f", TooLong },
    };

    /// <summary>One digit more than Python's int() reads from text (sys.int_info.default_max_str_digits).</summary>
    private static readonly string TooLong = new('7', 4301);

    /// <summary>
    /// supervisorctl's XML-RPC transport (http.client) reads a body with an unusable Content-Length to the close;
    /// its log stream client fails with int()'s ValueError, and reads a huge one to the close.
    /// </summary>
    [Theory]
    [MemberData(nameof(BadContentLengths))]
    public void A_bad_content_length_is_read_as_supervisorctl_reads_it(string command, string length)
    {
        using var server = new HostileServer(
            $"HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {length}\r\n\r\n" +
            "<?xml version='1.0'?><methodResponse><params><param><value><array><data></data></array></value></param></params></methodResponse>");
        Differential.AssertSame(["-s", server.Url], command);
    }

    private const string OddValue =
        "<array><data><value><struct><member><name>name</name><value><int>5</int></value></member>" +
        "<member><name>it's</name><value><string>a\tb</string></value></member></struct></value>" +
        "<value><double>1.5</double></value><value><double>2</double></value><value><boolean>1</boolean></value>" +
        "<value><array><data/></array></value><value>plain</value></data></array>";

    /// <summary>
    /// A list where a pid or a version belongs is printed as Python's str() of it; it was a record's ToString, which
    /// recursed through the value's Tree property until .NET's InsufficientExecutionStackException.
    /// </summary>
    [Theory]
    [InlineData("pid", true)]
    [InlineData("status", false)]
    public void A_list_where_a_string_belongs_is_printed_as_python_prints_it(string command, bool upcheck)
    {
        using var server = new HostileServer(Answer(OddValue), upcheck);
        Differential.AssertSame(["-s", server.Url], command);
    }

    /// <summary>supervisorctl fails to join a list to its version line (a TypeError); the list is shown instead.</summary>
    [Fact]
    public void A_list_for_a_version_is_shown_in_the_version_line()
    {
        using var server = new HostileServer(Answer(OddValue));
        var result = Clients.Ours(["-s", server.Url, "version"]);
        AssertNoDotnetError(result);
        Assert.StartsWith("[{'name': 5, \"it's\": 'a\\tb'}, 1.5, 2.0, True, [], 'plain']", result.Stdout);
    }

    private static string Answer(string value) =>
        HostileServer.Ok($"<?xml version='1.0'?><methodResponse><params><param><value>{value}</value></param></params></methodResponse>");

    /// <summary>A member of another type than the status line reads is shown as Python's %s shows it.</summary>
    [Fact]
    public void A_list_for_a_process_name_is_shown_as_python_shows_it()
    {
        const string info =
            "<struct><member><name>name</name><value><array><data><value><int>1</int></value></data></array></value></member>" +
            "<member><name>group</name><value><string>g</string></value></member>" +
            "<member><name>statename</name><value><string>RUNNING</string></value></member>" +
            "<member><name>state</name><value><int>20</int></value></member>" +
            "<member><name>description</name><value><string>d</string></value></member></struct>";
        using var server = new HostileServer(Answer($"<array><data><value>{info}</value></data></array>"));
        Differential.AssertSame(["-s", server.Url], "status");
    }

    /// <summary>supervisorctl names Python's TypeError ("'int' object is not iterable"); .NET's class is not named.</summary>
    [Fact]
    public void An_int_where_a_list_belongs_is_a_TypeError()
    {
        using var server = new HostileServer(Answer("<int>5</int>"));
        var result = Clients.Ours(["-s", server.Url, "status"]);
        AssertNoDotnetError(result);
        Assert.StartsWith("error: <class 'TypeError'>, ", result.Stdout);
        Assert.Equal(1, result.ExitCode);
    }

    private const string Wide = "123456789012345678901234567890";

    private static string WideInfo(string state) =>
        "<struct><member><name>name</name><value><string>a</string></value></member>" +
        "<member><name>group</name><value><string>a</string></value></member>" +
        "<member><name>statename</name><value><string>RUNNING</string></value></member>" +
        $"<member><name>state</name><value><int>{state}</int></value></member>" +
        $"<member><name>description</name><value><string>pid {Wide}, uptime 0:00:01</string></value></member>" +
        $"<member><name>pid</name><value><i8>{Wide}</i8></value></member>" +
        $"<member><name>start</name><value><i4>-{Wide}</i4></value></member></struct>";

    /// <summary>
    /// Python's xmlrpc.client reads an int of any width, so supervisorctl prints a 30-digit pid and takes a
    /// 30-digit state for one that is not stopped; supernetctl refused the whole answer as "bad XML-RPC value".
    /// </summary>
    [Theory]
    [InlineData("status", "20")]
    [InlineData("status a", "-" + Wide)]
    [InlineData("status", Wide)]
    [InlineData("pid all", "20")]
    [InlineData("pid a", "20")]
    [InlineData("pid", "20")]
    public void An_int_wider_than_64_bits_is_read_as_supervisorctl_reads_it(string command, string state)
    {
        var value = command switch
        {
            "pid" => $"<int>{Wide}</int>",
            "pid a" => WideInfo(state),
            _ => $"<array><data><value>{WideInfo(state)}</value></data></array>",
        };
        using var server = new HostileServer(Answer(value));
        Differential.AssertSame(["-s", server.Url], command);
        var ours = Clients.Ours(["-s", server.Url, .. command.Split(' ')]);
        Assert.Contains(Wide, ours.Stdout);
        Assert.Equal(0, ours.ExitCode);
    }

    private static string FaultAnswer(string code) => HostileServer.Ok(
        "<?xml version='1.0'?><methodResponse><fault><value><struct>" +
        $"<member><name>faultCode</name><value><int>{code}</int></value></member>" +
        "<member><name>faultString</name><value><string>BAD_NAME: a</string></value></member></struct></value></fault></methodResponse>");

    /// <summary>
    /// supervisorctl prints a fault's code as Python reads it, any width: a code wider than 64 bits was refused
    /// as a broken fault, one wider than 32 bits printed as 2147483647.
    /// </summary>
    [Theory]
    [InlineData("status", Wide)]
    [InlineData("start a", Wide)]
    [InlineData("clear a", Wide)]
    [InlineData("pid a", Wide)]
    [InlineData("status", "4294967306")]
    [InlineData("start a", "-4294967306")]
    public void A_fault_code_wider_than_32_bits_is_printed_as_supervisorctl_prints_it(string command, string code)
    {
        using var server = new HostileServer(FaultAnswer(code));
        Differential.AssertSame(["-s", server.Url], command);
        Assert.Contains(code, Clients.Ours(["-s", server.Url, .. command.Split(' ')]).Stdout);
    }

    /// <summary>A result status of 2**32 + 10 is no known code to supervisorctl; a cast made it BAD_NAME (10).</summary>
    [Theory]
    [InlineData("start all", "4294967306")]
    [InlineData("stop all", Wide)]
    public void A_result_status_wider_than_32_bits_is_an_unknown_result_code(string command, string status)
    {
        var result = "<struct><member><name>name</name><value><string>a</string></value></member>" +
            "<member><name>group</name><value><string>a</string></value></member>" +
            $"<member><name>status</name><value><int>{status}</int></value></member>" +
            "<member><name>description</name><value><string>x</string></value></member></struct>";
        using var server = new HostileServer(Answer($"<array><data><value>{result}</value></data></array>"));
        Differential.AssertSame(["-s", server.Url], command);
        Assert.Contains(status, Clients.Ours(["-s", server.Url, .. command.Split(' ')]).Stdout);
    }

    public static TheoryData<string, string> PythonIntTexts => new()
    {
        { "pid", TooLong },
        { "pid", "-" + TooLong },
        { "pid", "1_" + TooLong[2..] },
        { "pid", TooLong + "x" },
        { "pid", new string('7', 4300) },
        { "pid", "abc" },
        { "pid", "" },
        { "pid", "1_000" },
        { "pid", " +12 " },
        { "pid", "1__0" },
        { "pid", "_1" },
        { "pid", "1_" },
        { "pid", "\u0663\u0667" },
        { "pid", "4\u00a0" },
        { "pid", "x" + new string('y', 300) },
        { "version", TooLong },
        { "status", TooLong },
        { "tail a", TooLong },
    };

    /// <summary>
    /// An answer's int is read by Python's int(): underscores and any Unicode digit are taken, and more than 4300
    /// digits is a ValueError (exit 1), as is a text that is no int. supernetctl converted any length of digits
    /// (a hostile server's million digits cost a quadratic conversion) and named a bad literal an ExpatError.
    /// </summary>
    [Theory]
    [MemberData(nameof(PythonIntTexts))]
    public void An_int_is_read_as_pythons_int_reads_it(string command, string text)
    {
        var value = command == "status" ? $"<array><data><value>{WideInfo("20").Replace(Wide + "</i8>", text + "</i8>", StringComparison.Ordinal)}</value></data></array>" : $"<int>{text}</int>";
        // As UTF-8: the server's Latin-1 writing would break the digits beyond ASCII.
        using var server = new HostileServer(stream => stream.WriteAsync(Encoding.UTF8.GetBytes(Answer(value))).AsTask());
        Differential.AssertSame(["-s", server.Url], command);
    }

    [Theory]
    [InlineData("status", false)]
    [InlineData("start a", false)]
    [InlineData("status", true)]
    public void A_fault_code_of_more_than_4300_digits_is_pythons_ValueError(string command, bool negative)
    {
        using var server = new HostileServer(FaultAnswer((negative ? "-" : "") + TooLong));
        Differential.AssertSame(["-s", server.Url], command);
        var ours = Clients.Ours(["-s", server.Url, .. command.Split(' ')]);
        Assert.StartsWith("error: <class 'ValueError'>, Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits;", ours.Stdout);
        Assert.Equal(1, ours.ExitCode);
    }

    public static TheoryData<string, string> StatusCodes => new()
    {
        { "status", TooLong },
        { "status", "abc" },
        { "status", "+200" },
        { "status", "1000" },
        { "status", "99999999999" },
        { "tail -f x", TooLong },
        { "tail -f x", TooLong + "x" },
        { "tail -f x", "abc" },
        { "tail -f x", "+200" },
        { "tail -f x", "99999999999" },
        { "tail -f x", "-5" },
        { "maintail -f", TooLong },
    };

    /// <summary>
    /// The status code is Python's int() of its text too: http.client calls what it cannot read, or a code outside
    /// 100-999, a BadStatusLine (shown with its line end); the log stream client shows int()'s ValueError, or "Cannot
    /// read" with the code. supernetctl named any of them "bad status line", as an HTTPException or an OSError.
    /// </summary>
    [Theory]
    [MemberData(nameof(StatusCodes))]
    public void A_status_code_is_read_as_supervisorctl_reads_it(string command, string code)
    {
        using var server = new HostileServer(Answer("<array><data></data></array>").Replace("HTTP/1.0 200 OK", "HTTP/1.0 " + code + " OK", StringComparison.Ordinal));
        Differential.AssertSame(["-s", server.Url], command);
    }

    /// <summary>
    /// The byte count of `tail -N` and `maintail -N` is Python's int() of N (underscores, any Unicode digit), and
    /// xmlrpc.client refuses to send -N beyond 32 bits: OverflowError "int exceeds XML-RPC limits", exit 1.
    /// supernetctl sent it clamped to 32 bits, and called a count past 64 bits or with other digits a bad argument.
    /// </summary>
    [Theory]
    [InlineData("tail -3000000000 a")]
    [InlineData("tail -2147483648 a")]
    [InlineData("tail --2147483648 a")]
    [InlineData("tail -99999999999999999999 a")]
    [InlineData("tail -\u0663 a")]
    [InlineData("tail -1_0 a")]
    [InlineData("tail -+5 a")]
    [InlineData("tail -1__0 a")]
    [InlineData("tail -77777777777777777777777777777777777777777777777777 a stderr")]
    [InlineData("maintail -3000000000")]
    [InlineData("maintail -\u0663")]
    public void A_byte_count_is_read_and_sent_as_supervisorctl_does(string command)
    {
        // The answer shows the ints the call carried, so the comparison sees what was sent.
        using var server = HostileServer.Answering(request => Answer(
            "<string>" + string.Join(' ', System.Text.RegularExpressions.Regex.Matches(request, "<int>([^<]*)</int>").Select(m => m.Groups[1].Value)) + "</string>"));
        Differential.AssertSame(["-s", server.Url], command);
    }

    /// <summary>
    /// The log stream client unpacks the status line into three: one without a reason is its ValueError, where
    /// supernetctl followed the stream; http.client (status) reads it with an empty reason.
    /// </summary>
    [Theory]
    [InlineData("tail -f x", "HTTP/1.0 200")]
    [InlineData("tail -f x", "HTTP/1.0 200 ")]
    [InlineData("maintail -f", "HTTP/1.1 200")]
    [InlineData("tail -f x", "HTTP/1.0 200 x")]
    [InlineData("status", "HTTP/1.0 200")]
    public void A_status_line_without_a_reason_is_read_as_supervisorctl_reads_it(string command, string statusLine)
    {
        using var server = new HostileServer(Answer("<array><data></data></array>").Replace("HTTP/1.0 200 OK", statusLine, StringComparison.Ordinal));
        Differential.AssertSame(["-s", server.Url], command);
    }

    /// <summary>A server that closes without answering: http.client's RemoteDisconnected, as supervisorctl names it.</summary>
    [Theory]
    [InlineData("status", false)]
    [InlineData("pid", true)]
    [InlineData("start a", true)]
    [InlineData("tail -f x", true)]
    public void A_close_without_an_answer_is_read_as_supervisorctl_reads_it(string command, bool upcheck)
    {
        using var server = new HostileServer(_ => Task.CompletedTask, upcheck);
        Differential.AssertSame(["-s", server.Url], command);
    }

    private static string InfoWithout(string name, string member) =>
        "<value><struct>" + string.Concat(
            new[] { ("name", $"<string>{name}</string>"), ("group", $"<string>{name}</string>"), ("pid", "<int>42</int>"), ("state", "<int>20</int>") }
                .Where(m => m.Item1 != member)
                .Select(m => $"<member><name>{m.Item1}</name><value>{m.Item2}</value></member>")) + "</struct></value>";

    /// <summary>
    /// supervisorctl reads each info's pid as info['pid']: a struct without one is Python's KeyError, printed after
    /// the pids before it (exit 1). supernetctl printed nothing for `pid all` and exited 0.
    /// </summary>
    [Theory]
    [InlineData("pid all", "b")]
    [InlineData("pid all", "a")]
    [InlineData("pid a", "a")]
    public void A_process_info_without_a_pid_is_a_KeyError_as_supervisorctl_reports_it(string command, string lacking)
    {
        var infos = InfoWithout("a", lacking == "a" ? "pid" : "") + InfoWithout("b", lacking == "b" ? "pid" : "");
        using var server = new HostileServer(Answer(command == "pid all" ? $"<array><data>{infos}</data></array>" : InfoWithout("a", "pid")[7..^8]));
        Differential.AssertSame(["-s", server.Url], command);
        var ours = Clients.Ours(["-s", server.Url, .. command.Split(' ')]);
        AssertNoDotnetError(ours);
        Assert.EndsWith("error: <class 'KeyError'>, 'pid': file: supernetctl line: 0\n", ours.Stdout);
        Assert.Equal(1, ours.ExitCode);
    }

    public static TheoryData<string, string> InvalidCharacters => new()
    {
        { "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param><value><string>a\u000Bb</string></value></param></params></methodResponse>", "utf-8" },
        { "<?xml version='1.0'?>\n<methodResponse><params><param><value><string>\u00e9\u20ac\u0001</string></value></param></params></methodResponse>", "utf-8" },
        { "<?xml version='1.0'?><methodResponse><params><param><value><string>\u0000</string></value></param></params></methodResponse>", "utf-8" },
        { "<?xml version='1.0'?>\r\n<methodResponse>\r\n\u001f</methodResponse>", "utf-8" },
        { "<?xml version='1.0'?>\r<methodResponse>\rab\u001f</methodResponse>", "utf-8" },
        { "<?xml version='1.0'?><methodResponse a='\u0002'></methodResponse>", "utf-8" },
        { "<?xml version='1.0' encoding='iso-8859-1'?>\n<methodResponse>\n\u0001</methodResponse>", "latin1" },
        { "<?xml version='1.0'?>\n<methodResponse><params><param><value><string>\U0001F600\u0007</string></value></param></params></methodResponse>", "utf-8" },
        { "<?xml version='1.0'?>\n<methodResponse><params><param><value><string>x\ufffe</string></value></param></params></methodResponse>", "utf-8" },
    };

    /// <summary>
    /// A character XML forbids is expat's "not well-formed (invalid token)" (U+FFFE: "reference to invalid character
    /// number") with its line and column as supervisorctl's parser sees the answer: as ASCII, every other character
    /// a reference. supernetctl said "malformed XML: control character 0x0B at line L, column C", in bytes from 1.
    /// </summary>
    [Theory]
    [MemberData(nameof(InvalidCharacters))]
    public void A_character_xml_forbids_is_reported_in_expats_words(string document, string encoding)
    {
        var body = encoding == "latin1" ? Encoding.Latin1.GetBytes(document) : Encoding.UTF8.GetBytes(document);
        byte[] answer = [.. Encoding.ASCII.GetBytes($"HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {body.Length}\r\n\r\n"), .. body];
        using var server = new HostileServer(stream => stream.WriteAsync(answer).AsTask());
        Differential.AssertSame(["-s", server.Url], "pid");
        Assert.DoesNotContain("malformed XML", Clients.Ours(["-s", server.Url, "pid"]).Stdout);
    }
}
