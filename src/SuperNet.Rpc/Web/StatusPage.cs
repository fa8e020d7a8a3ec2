using System.Text;
using SuperNet.Core.Processes;
using SuperNet.Rpc.Methods;

namespace SuperNet.Rpc.Web;

/// <summary>The status table: one row per process in supervisord's order (group, then name).</summary>
internal static class StatusPage
{
    public static string Render(RpcContext context, string? message)
    {
        var engine = context.Supervisor;
        var (now, zone) = (engine.WallNow, engine.LocalZone);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Html.E(context.Identification)).Append(" status</title>")
            .Append("<style>").Append(WebAssets.Css).Append("</style></head><body>\n")
            .Append("<header><h1>").Append(Html.E(context.Identification)).Append("</h1>")
            .Append("<span class=\"version\">supernetd (supervisor ").Append(Html.E(context.SupervisorVersion)).Append(")</span></header>\n");
        if (!string.IsNullOrEmpty(message))
        {
            html.Append("<p id=\"message\" class=\"message\">").Append(Html.E(message)).Append("</p>\n");
        }
        html.Append("<form method=\"post\" action=\"index.html\" class=\"bulk\">")
            .Append("<button name=\"action\" value=\"refresh\">Refresh</button>")
            .Append("<button name=\"action\" value=\"restartall\">Restart all</button>")
            .Append("<button name=\"action\" value=\"stopall\">Stop all</button>")
            .Append("<label class=\"live\"><input type=\"checkbox\" id=\"live\" checked> live</label></form>\n")
            .Append("<table id=\"processes\"><thead><tr><th>State</th><th>Description</th><th>Name</th><th>Actions</th></tr></thead>\n<tbody>");
        var processes = Ordering.Lexical(engine.View).ToList();
        foreach (var process in processes)
        {
            Row(html, process.Info(now, zone));
        }
        if (processes.Count == 0)
        {
            html.Append("<tr><td colspan=\"4\" class=\"empty\">No programs to manage</td></tr>");
        }
        html.Append("</tbody></table>\n<script>").Append(WebAssets.StatusScript).Append("</script>\n</body></html>\n");
        return html.ToString();
    }

    private static void Row(StringBuilder html, ProcessInfo p)
    {
        var namespec = Html.Url(SuperNet.Core.Supervision.Namespec.Make(p.Group, p.Name));
        html.Append("<tr data-name=\"").Append(Html.E(SuperNet.Core.Supervision.Namespec.Make(p.Group, p.Name))).Append("\">")
            .Append("<td><span class=\"state ").Append(StateClass(p.State)).Append("\">").Append(p.StateName).Append("</span></td>")
            .Append("<td>").Append(Html.E(p.Description)).Append("</td>")
            .Append("<td><a href=\"tail.html?processname=").Append(namespec).Append("\">")
            .Append(Html.E(SuperNet.Core.Supervision.Namespec.Make(p.Group, p.Name))).Append("</a></td><td class=\"actions\">");
        switch (p.State)
        {
            case ProcessState.Running:
                Action(html, namespec, "restart", "Restart");
                Action(html, namespec, "stop", "Stop");
                break;
            case ProcessState.Stopped or ProcessState.Exited or ProcessState.Fatal:
                Action(html, namespec, "start", "Start");
                break;
        }
        Action(html, namespec, "clearlog", "Clear log");
        html.Append("<a href=\"tail.html?processname=").Append(namespec).Append("\">Tail</a>")
            .Append("<a href=\"logtail/").Append(namespec).Append("/stderr\">stderr</a></td></tr>\n");
    }

    private static void Action(StringBuilder html, string namespec, string action, string label) =>
        html.Append("<a href=\"index.html?processname=").Append(namespec).Append("&amp;action=").Append(action)
            .Append("\" class=\"act-").Append(action).Append("\">").Append(label).Append("</a>");

    /// <summary>supervisord's three colours: running, in trouble, everything else.</summary>
    private static string StateClass(ProcessState state) => state switch
    {
        ProcessState.Running => "running",
        ProcessState.Fatal or ProcessState.Backoff => "error",
        _ => "nominal",
    };
}
