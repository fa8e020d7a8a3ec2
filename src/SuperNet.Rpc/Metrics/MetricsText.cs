using System.Globalization;
using System.Text;

namespace SuperNet.Rpc.Metrics;

/// <summary>
/// The Prometheus text exposition format (0.0.4), or OpenMetrics 1.0 when the scraper asks for it: the two
/// differ in a counter's family name (OpenMetrics drops "_total"), the content type and the closing "# EOF".
/// </summary>
internal sealed class MetricsText(bool openMetrics)
{
    public const string PrometheusType = "text/plain; version=0.0.4; charset=utf-8";
    public const string OpenMetricsType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private readonly StringBuilder text = new(16 * 1024);

    public string ContentType => openMetrics ? OpenMetricsType : PrometheusType;

    /// <summary>Whether an Accept header prefers OpenMetrics (any mention of it: scrapers list it first when they want it).</summary>
    public static bool Wants(string? accept) => accept?.Contains("application/openmetrics-text", StringComparison.OrdinalIgnoreCase) == true;

    /// <param name="name">The family name; a counter's samples add "_total".</param>
    /// <param name="type">gauge, counter or histogram.</param>
    public void Family(string name, string type, string help)
    {
        var shown = type == "counter" && !openMetrics ? name + "_total" : name;
        text.Append("# HELP ").Append(shown).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(shown).Append(' ').Append(type).Append('\n');
    }

    public void Sample(string name, double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }
                text.Append(labels[i].Name).Append("=\"");
                Escape(labels[i].Value);
                text.Append('"');
            }
            text.Append('}');
        }
        text.Append(' ').Append(Number(value)).Append('\n');
    }

    public byte[] Finish()
    {
        if (openMetrics)
        {
            text.Append("# EOF\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : value.ToString(value == Math.Floor(value) && Math.Abs(value) < 1e15 ? "0" : "R", CultureInfo.InvariantCulture);

    private void Escape(string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append(@"\n"),
                _ => text.Append(c),
            };
        }
    }
}
