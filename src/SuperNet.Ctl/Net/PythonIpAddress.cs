namespace SuperNet.Ctl.Net;

/// <summary>
/// Which strings Python 3.11's ipaddress.IPv4Address and IPv6Address accept: stricter than .NET's IPAddress
/// (no leading zeros, no short IPv4 forms, at most 4 hex digits a group), and an IPv6 scope after '%'.
/// </summary>
internal static class PythonIpAddress
{
    private const int Hextets = 8;

    public static bool IsIpv4(string text)
    {
        var octets = text.Split('.');
        return octets.Length == 4 && octets.All(IsOctet);
    }

    private static bool IsOctet(string octet) =>
        octet.Length is > 0 and <= 3 && octet.All(char.IsAsciiDigit) && (octet == "0" || octet[0] != '0') && int.Parse(octet, System.Globalization.CultureInfo.InvariantCulture) <= 255;

    public static bool IsIpv6(string text)
    {
        if (text.Contains('/'))
        {
            return false;
        }
        var percent = text.IndexOf('%');
        if (percent >= 0)
        {
            var scope = text[(percent + 1)..];
            if (scope.Length == 0 || scope.Contains('%'))
            {
                return false;
            }
            text = text[..percent];
        }
        if (text.Length == 0)
        {
            return false;
        }
        var parts = text.Split(':').ToList();
        if (parts.Count < 3)
        {
            return false;
        }
        if (parts[^1].Contains('.'))
        {
            if (!IsIpv4(parts[^1]))
            {
                return false;
            }
            // The dotted tail stands for two groups.
            parts[^1] = "0";
            parts.Add("0");
        }
        if (parts.Count > Hextets + 1)
        {
            return false;
        }
        int? skip = null;
        for (var i = 1; i < parts.Count - 1; i++)
        {
            if (parts[i].Length == 0)
            {
                if (skip is not null)
                {
                    return false;
                }
                skip = i;
            }
        }
        int before, after;
        if (skip is { } at)
        {
            before = at;
            after = parts.Count - at - 1;
            if (parts[0].Length == 0 && --before > 0)
            {
                return false;
            }
            if (parts[^1].Length == 0 && --after > 0)
            {
                return false;
            }
            if (Hextets - (before + after) < 1)
            {
                return false;
            }
        }
        else
        {
            if (parts.Count != Hextets)
            {
                return false;
            }
            before = parts.Count;
            after = 0;
        }
        return parts.Take(before).Concat(parts.TakeLast(after)).All(IsHextet);
    }

    // An empty group is no hex number either: Python's int('', 16) raises.
    private static bool IsHextet(string group) => group.Length is > 0 and <= 4 && group.All(char.IsAsciiHexDigit);
}
