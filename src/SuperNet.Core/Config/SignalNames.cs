using System.Numerics;
using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Config;

/// <summary>Signal values as supervisord accepts them (contract §4.4): Python's signal module names and numbers.</summary>
public static class SignalNames
{
    private static readonly Dictionary<string, int> ByName = new(StringComparer.Ordinal)
    {
        ["SIGHUP"] = 1, ["SIGINT"] = 2, ["SIGQUIT"] = 3, ["SIGILL"] = 4, ["SIGTRAP"] = 5, ["SIGABRT"] = 6,
        ["SIGIOT"] = 6, ["SIGBUS"] = 7, ["SIGFPE"] = 8, ["SIGKILL"] = 9, ["SIGUSR1"] = 10, ["SIGSEGV"] = 11,
        ["SIGUSR2"] = 12, ["SIGPIPE"] = 13, ["SIGALRM"] = 14, ["SIGTERM"] = 15, ["SIGSTKFLT"] = 16,
        ["SIGCHLD"] = 17, ["SIGCLD"] = 17, ["SIGCONT"] = 18, ["SIGSTOP"] = 19, ["SIGTSTP"] = 20,
        ["SIGTTIN"] = 21, ["SIGTTOU"] = 22, ["SIGURG"] = 23, ["SIGXCPU"] = 24, ["SIGXFSZ"] = 25,
        ["SIGVTALRM"] = 26, ["SIGPROF"] = 27, ["SIGWINCH"] = 28, ["SIGIO"] = 29, ["SIGPOLL"] = 29,
        ["SIGPWR"] = 30, ["SIGSYS"] = 31, ["SIGRTMIN"] = 34, ["SIGRTMAX"] = 64,
        // The module's handler/mask constants share the prefix, so supervisord accepts them too.
        ["SIG_DFL"] = 0, ["SIG_IGN"] = 1, ["SIG_BLOCK"] = 0, ["SIG_UNBLOCK"] = 1, ["SIG_SETMASK"] = 2,
    };

    public static bool IsValidNumber(long n) => n is >= 0 and <= 31 or 34 or 64;

    /// <summary>Parses a signal name or number; throws <see cref="ConfigException"/> with supervisord's texts.</summary>
    public static int Parse(string value)
    {
        var num = Lookup(value) ?? throw new ConfigException($"value {PyText.Repr(value)} is not a valid signal name");
        return ToSignal(num) ?? throw new ConfigException($"value {PyText.Repr(value)} is not a valid signal number");
    }

    /// <summary>As <see cref="Parse"/>, null where it throws: signalProcess answers BAD_SIGNAL there.</summary>
    public static int? TryParse(string value) => Lookup(value) is { } num ? ToSignal(num) : null;

    private static int? ToSignal(BigInteger num) => num >= 0 && num <= 64 && IsValidNumber((long)num) ? (int)num : null;

    /// <summary>
    /// signal_number's first two steps: Python's int(value), else the signal module's SIG-prefixed name. Any integer
    /// Python reads is a number, however large: only a non-number is looked up as a name.
    /// </summary>
    private static BigInteger? Lookup(string value)
    {
        if (ConfigValues.TryNumber(value, out BigInteger num)) return num;
        string name = PyText.Strip(value).ToUpperInvariant();
        if (!name.StartsWith("SIG", StringComparison.Ordinal)) name = "SIG" + name;
        return ByName.TryGetValue(name, out int byName) ? byName : null;
    }
}
