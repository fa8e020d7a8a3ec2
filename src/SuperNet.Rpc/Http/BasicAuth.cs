using System.Security.Cryptography;
using System.Text;
using SuperNet.Core.Config;

namespace SuperNet.Rpc.Http;

/// <summary>HTTP Basic auth as supervisord checks it (contract §1.3, trap 21).</summary>
internal sealed class BasicAuth
{
    private readonly byte[] _user;
    private readonly byte[]? _password;
    private readonly byte[]? _sha1Hex;

    private BasicAuth(string user, string password)
    {
        _user = Encoding.UTF8.GetBytes(user);
        if (password.StartsWith("{SHA}", StringComparison.Ordinal))
        {
            _sha1Hex = Encoding.UTF8.GetBytes(password[5..]);
        }
        else
        {
            _password = Encoding.UTF8.GetBytes(password);
        }
    }

    /// <summary>Null when the server has no username: then any Authorization header is ignored.</summary>
    public static BasicAuth? For(ServerConfig server) =>
        string.IsNullOrEmpty(server.Username) ? null : new BasicAuth(server.Username, server.Password ?? "");

    public enum Verdict { Allowed, Unauthorized, BadRequest }

    public Verdict Check(string? header)
    {
        if (header is null)
        {
            return Verdict.Unauthorized;
        }
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !header[..space].Equals("basic", StringComparison.OrdinalIgnoreCase))
        {
            return Verdict.Unauthorized;
        }
        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(header[(space + 1)..].Trim());
        }
        catch (FormatException)
        {
            return Verdict.BadRequest;
        }
        var colon = Array.IndexOf(decoded, (byte)':');
        if (colon < 0)
        {
            return Verdict.Unauthorized;
        }
        var userOk = CryptographicOperations.FixedTimeEquals(decoded.AsSpan(0, colon), _user);
        var supplied = decoded.AsSpan(colon + 1);
        var passwordOk = _sha1Hex is not null
            ? CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SuperNet.Core.Hashing.Sha1.Hash(supplied))), _sha1Hex)
            : CryptographicOperations.FixedTimeEquals(supplied, _password);
        return userOk && passwordOk ? Verdict.Allowed : Verdict.Unauthorized;
    }
}
