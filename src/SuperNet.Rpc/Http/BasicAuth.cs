using System.Security.Cryptography;
using System.Text;
using SuperNet.Core.Config;
using SuperNet.Core.Hashing;

namespace SuperNet.Rpc.Http;

/// <summary>HTTP Basic auth as supervisord checks it (contract §1.3, trap 21).</summary>
internal sealed class BasicAuth
{
    // Digests, not the texts: FixedTimeEquals answers at once when the lengths differ, so comparing the texts
    // would tell a client how long the username and password are. Every digest has the same length.
    private readonly byte[] _userDigest;
    private readonly byte[]? _passwordDigest;
    private readonly byte[]? _sha1Hex;

    private BasicAuth(string user, string password)
    {
        _userDigest = Sha1.Hash(Encoding.UTF8.GetBytes(user));
        if (password.StartsWith("{SHA}", StringComparison.Ordinal))
        {
            _sha1Hex = Encoding.UTF8.GetBytes(password[5..]);
        }
        else
        {
            _passwordDigest = Sha1.Hash(Encoding.UTF8.GetBytes(password));
        }
    }

    /// <summary>Null when the server has no username: then any Authorization header is ignored.</summary>
    public static BasicAuth? For(ServerConfig server) =>
        string.IsNullOrEmpty(server.Username) ? null : new BasicAuth(server.Username, server.Password ?? "");

    public enum Verdict { Allowed, Unauthorized, BadRequest, ServerError }

    /// <summary>
    /// medusa's reading: the Authorization line it finds (<see cref="MedusaAuthorization"/>), base64 as Python decodes
    /// it leniently (400 only where Python raises), then UTF-8 (400 if invalid). A decoded text without a colon
    /// crashes supervisord's authorizer, which its server answers 500; so do we (docs/compatibility.md).
    /// </summary>
    public Verdict Check(HttpRequestHead request)
    {
        if (request.Authorization is not { } header)
        {
            return Verdict.Unauthorized;
        }
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (!Ascii.EqualsIgnoreCase(header.AsSpan(0, space), "basic"))
        {
            return Verdict.Unauthorized;
        }
        if (PythonBase64.Decode(header.AsSpan(space + 1)) is not { } decoded || !System.Text.Unicode.Utf8.IsValid(decoded))
        {
            return Verdict.BadRequest;
        }
        var colon = Array.IndexOf(decoded, (byte)':');
        if (colon < 0)
        {
            return Verdict.ServerError;
        }
        var userOk = CryptographicOperations.FixedTimeEquals(Sha1.Hash(decoded.AsSpan(0, colon)), _userDigest);
        var supplied = Sha1.Hash(decoded.AsSpan(colon + 1));
        // A {SHA} password's configured hex has one length whatever the secret, so it is compared as text.
        var passwordOk = _sha1Hex is not null
            ? CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(supplied)), _sha1Hex)
            : CryptographicOperations.FixedTimeEquals(supplied, _passwordDigest);
        return userOk && passwordOk ? Verdict.Allowed : Verdict.Unauthorized;
    }
}
