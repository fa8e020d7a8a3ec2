using System.Text;
using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Events;

/// <summary>
/// The supervisor-stdout plugin's event_handler (coderanger/supervisor-stdout, its Python 3 version), as
/// supervisord runs it on its own stdout. The plugin's listener answers each PROCESS_LOG event with the event's
/// payload as its RESULT; the handler decodes it as strict UTF-8, reads the header line's name:value tokens and
/// prints every '\n'-separated piece of the data behind "processname channel | " (so data ending in a newline
/// gives a last, empty prefixed line), joined by '\n' and ended by print's '\n'. Anything it cannot take apart
/// (bad UTF-8, no newline, a token without exactly one ':', a missing processname or channel) raises in Python:
/// supervisord then logs "event caused an error".
/// </summary>
internal sealed class SupervisorStdoutHandler(Action<byte[]> stdout)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public ResultVerdict Handle(byte[] response)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(response);
        }
        catch (DecoderFallbackException)
        {
            return ResultVerdict.Error;
        }
        var newline = text.IndexOf('\n');
        if (newline < 0 || Headers(text[..newline]) is not { } headers
            || !headers.TryGetValue("processname", out var process) || !headers.TryGetValue("channel", out var channel))
        {
            return ResultVerdict.Error;
        }
        var prefix = $"{process} {channel} | ";
        var printed = new StringBuilder();
        foreach (var piece in text[(newline + 1)..].Split('\n'))
        {
            printed.Append(prefix).Append(piece).Append('\n');
        }
        try
        {
            stdout(Encoding.UTF8.GetBytes(printed.ToString()));
        }
        catch (IOException)
        {
            // print() raising (a closed stdout) is an error of the handler, as any exception in Python.
            return ResultVerdict.Error;
        }
        return ResultVerdict.Processed;
    }

    /// <summary>str.split() on Python whitespace, each token split on ':' into exactly a name and a value; the last name wins.</summary>
    private static Dictionary<string, string>? Headers(string line)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= line.Length; i++)
        {
            var boundary = i == line.Length || PyText.IsSpace(line[i]);
            if (!boundary && start < 0)
            {
                start = i;
            }
            else if (boundary && start >= 0)
            {
                var parts = line[start..i].Split(':');
                if (parts.Length != 2)
                {
                    return null;
                }
                headers[parts[0]] = parts[1];
                start = -1;
            }
        }
        return headers;
    }
}
