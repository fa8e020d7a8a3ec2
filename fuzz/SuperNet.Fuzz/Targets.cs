using System.Text;
using SuperNet.Core.Config;
using SuperNet.Rpc.Http;
using SuperNet.XmlRpc;

namespace SuperNet.Fuzz;

/// <summary>
/// One entry point per parser. Each swallows exactly the rejection its contract documents; anything else
/// escaping (another exception type, a stack overflow, a hang) is a finding.
/// </summary>
internal static class Targets
{
    public static readonly Dictionary<string, Action<byte[]>> All = new()
    {
        ["xmlrpc"] = XmlRpc,
        ["http"] = HttpHead,
        ["ini"] = Ini,
    };

    private static void XmlRpc(byte[] input)
    {
        try
        {
            var call = XmlRpcReader.ReadMethodCall(input);
            // What the server would answer must be writable too.
            XmlRpcWriter.WriteMethodCall(call.MethodName, call.Params);
        }
        catch (XmlRpcParseException)
        {
        }
        try
        {
            XmlRpcReader.ReadResponse(input);
        }
        catch (XmlRpcParseException)
        {
        }
    }

    private static void HttpHead(byte[] input)
    {
        // Invalid is an answer (400), never an exception; consumed must stay within the input.
        int searched = 0;
        var outcome = HttpHeadParser.TryParse(input, ref searched, out var head, out var consumed);
        if (outcome == HttpHeadParser.Outcome.Complete && (head is null || consumed <= 0 || consumed > input.Length))
            throw new InvalidOperationException($"complete head with consumed={consumed} of {input.Length}");
        if (input.Length < 2)
            return;
        // The same bytes in two arrivals (split where the first byte says), the search resumed as the connection
        // resumes it, must give the one-shot answer.
        int split = 1 + input[0] % (input.Length - 1);
        int carried = 0;
        if (HttpHeadParser.TryParse(input.AsSpan(0, split), ref carried, out _, out var first) != HttpHeadParser.Outcome.NeedMore)
            return;
        var again = HttpHeadParser.TryParse(input.AsSpan(first), ref carried, out _, out var rest);
        if (again != outcome || (outcome == HttpHeadParser.Outcome.Complete && first + rest != consumed))
            throw new InvalidOperationException($"split at {split}: {again} consumed {first}+{rest}, one shot {outcome} consumed {consumed}");
    }

    private static void Ini(byte[] input)
    {
        try
        {
            var ini = IniFile.Parse(Encoding.UTF8.GetString(input), "fuzz.conf");
            foreach (var section in ini.Sections)
            {
                foreach (var key in ini.Options(section))
                    _ = ini.Get(section, key);
            }
        }
        catch (ConfigException)
        {
        }
    }
}
