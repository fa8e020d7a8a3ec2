using System.Text;

namespace SuperNet.Ctl.Net;

internal static class BasicAuth
{
    /// <summary>
    /// The XML-RPC transport sends credentials whenever both are configured, even empty ones; the
    /// log streaming client only when the password is non-empty (supervisorctl differs the same way).
    /// </summary>
    public static string? Header(string? username, string? password) =>
        username is null || password is null ? null : Encode(username, password);

    public static string? StreamHeader(string? username, string? password) =>
        string.IsNullOrEmpty(password) ? null : Encode(username ?? "", password);

    private static string Encode(string username, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password));
}
