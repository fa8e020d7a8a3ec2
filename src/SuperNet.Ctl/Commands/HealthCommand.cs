using System.Text;
using SuperNet.Ctl.Net;

namespace SuperNet.Ctl.Commands;

/// <summary>
/// `health`: GET /readyz. Exit 0 when every autostarted program is RUNNING and ready; otherwise 1 (Docker's
/// "unhealthy", whatever the reason, so a HEALTHCHECK never sees its reserved 2) and the programs that are not.
/// </summary>
internal static class HealthCommand
{
    public static bool Run(Controller ctl, string argument)
    {
        if (!ctl.Upcheck())
        {
            ctl.ExitStatus = ExitCodes.Generic;
            return false;
        }
        var url = ServerUrl.Parse(ctl.Settings.ServerUrl);
        HttpResponse response;
        try
        {
            using var socket = SocketConnector.Connect(url);
            var errno = socket.Send(Encoding.ASCII.GetBytes(Request(url, ctl)));
            if (errno != 0)
            {
                throw SocketConnector.Failure(errno, url);
            }

            response = new HttpReader(socket, url).ReadResponse();
        }
        catch (Exception e) when (e is ConnectException or Net.HttpProtocolException or IOException)
        {
            ctl.Say($"{url.Text}/readyz: {e.Message}");
            ctl.ExitStatus = ExitCodes.Generic;
            return false;
        }
        var body = Encoding.UTF8.GetString(response.Body);
        if (ctl.Settings.Json && response.Status is 200 or 503)
        {
            ctl.JsonResult = Output.JsonResults.Health(response.Status == 200, response.Status, body);
            ctl.ExitStatus = response.Status == 200 ? ctl.ExitStatus : ExitCodes.Generic;
            return false;
        }
        if (response.Status == 200)
        {
            ctl.Out.Write(body);
            return false;
        }
        ctl.Out.Write(response.Status == 503 ? body : $"{url.Text}/readyz: {response.Status} {response.Reason}\n");
        ctl.ExitStatus = ExitCodes.Generic;
        return false;
    }

    private static string Request(ServerUrl url, Controller ctl)
    {
        var head = new StringBuilder("GET /readyz HTTP/1.1\r\n");
        head.Append("Host: ").Append(url.IsUnix ? "localhost" : url.Authority).Append("\r\n");
        head.Append("User-Agent: supernetctl\r\nConnection: close\r\n");
        if (BasicAuth.Header(ctl.Settings.Username, ctl.Settings.Password) is { } auth)
        {
            head.Append("Authorization: ").Append(auth).Append("\r\n");
        }
        return head.Append("\r\n").ToString();
    }
}
