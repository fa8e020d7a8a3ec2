using System.Net;
using SuperNet.Core.Logging;
using SuperNet.Ctl.Rpc;
using SuperNet.Linux;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Net;

/// <summary>
/// Where supervisorctl's log stream client (tail -f, maintail -f) connects: it splits the whole network location,
/// user info and all, at its first ':', reads the rest with int() and connects an IPv4 socket to the host part. So
/// a URL that the XML-RPC calls read well (http://user:secret@host:9001, http://user@host:9001) ends the stream
/// with int()'s ValueError or the resolver's error, which supervisorctl prints as an error line (status 1).
/// </summary>
internal static class StreamEndpoint
{
    /// <summary>
    /// Null where the host part is the URL's host name (the usual case): connect as every call does. Else the
    /// IPv4 address the host part names; what Python raises on the way is thrown.
    /// </summary>
    public static IPAddress? Of(ServerUrl url)
    {
        var netloc = url.Authority;
        var colon = netloc.IndexOf(':');
        var host = colon < 0 ? netloc : netloc[..colon];
        if (colon >= 0 && PythonInt.Parse(netloc[(colon + 1)..], out _, out var digits) is not PythonInt.Outcome.Value and var outcome)
        {
            throw new PythonError("ValueError", outcome == PythonInt.Outcome.TooManyDigits
                ? PythonIntErrors.TooManyDigits(digits)
                : PythonIntErrors.InvalidLiteral(PythonRepr.Str(netloc[(colon + 1)..])));
        }
        if (!host.Contains('@'))
        {
            return null;
        }
        var code = HostLookup.ResolveIpv4(PythonHttpHost.LookupName(host), out var address);
        if (code != 0)
        {
            throw new ConnectException(code, code < 0 ? HostLookup.Describe(code) : ClientSocket.Describe(code), url.Text);
        }
        return address;
    }
}
