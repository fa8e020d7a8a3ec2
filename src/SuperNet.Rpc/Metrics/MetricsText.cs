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

    public void Sample(string name, double value, params ReadOnlySpan<(string Name, string Value)> labels) =>
        Sample(name, Labels(labels), value);

    /// <param name="labels">As <see cref="Labels"/> made them: a process's labels are escaped once per scrape, not once per sample.</param>
    public void Sample(string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }
        text.Append(' ');
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            text.Append((long)value);
        }
        else
        {
            text.Append(Number(value));
        }
        text.Append('\n');
    }

    /// <summary>name="value" pairs, comma-separated, values escaped.</summary>
    public static string Labels(params ReadOnlySpan<(string Name, string Value)> labels)
    {
        var pairs = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            if (pairs.Length > 0)
            {
                pairs.Append(',');
            }
            pairs.Append(name).Append("=\"");
            foreach (var c in value)
            {
                _ = c switch
                {
                    '\\' => pairs.Append(@"\\"),
                    '"' => pairs.Append("\\\""),
                    '\n' => pairs.Append(@"\n"),
                    _ => pairs.Append(c),
                };
            }
            pairs.Append('"');
        }
        return pairs.ToString();
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
}
