using System.Globalization;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>The outcome of raising the limits: INFO lines to log, or the usage error to exit 2 with.</summary>
public sealed record RLimitOutcome(IReadOnlyList<string> Infos, string? UsageError);

/// <summary>Contract §5.2 step 4: raise RLIMIT_NOFILE / RLIMIT_NPROC soft limits to minfds / minprocs.</summary>
public static unsafe class RLimits
{
    public static RLimitOutcome Apply(long minFds, long minProcs)
    {
        var infos = new List<string>();
        var error = Raise(Consts.RLIMIT_NOFILE, "RLIMIT_NOFILE", minFds, infos, hard =>
            $"The minimum number of file descriptors required to run this process is {minFds} as per the " +
            "\"minfds\" command-line argument or config file setting. The current environment will only " +
            $"allow you to open {hard} file descriptors.  Either raise the number of usable file descriptors " +
            "in your environment (see README.rst) or lower the minfds setting in the config file to allow " +
            "the process to start.");
        error ??= Raise(Consts.RLIMIT_NPROC, "RLIMIT_NPROC", minProcs, infos, hard =>
            $"The minimum number of available processes required to run this program is {minProcs} as per " +
            "the \"minprocs\" command-line argument or config file setting. The current environment will " +
            $"only allow you to open {hard} processes.  Either raise the number of usable processes in your " +
            "environment (see README.rst) or lower the minprocs setting in the config file to allow the " +
            "program to start.");
        return new RLimitOutcome(infos, error);
    }

    private static string? Raise(int resource, string name, long minimum, List<string> infos, Func<string, string> usage)
    {
        RLimit limit;
        if (Libc.GetRLimit(resource, &limit) != 0)
        {
            return null;
        }
        // Python compares signed: a minimum of 0 or below never asks for anything.
        if (minimum <= 0 || limit.Current == Consts.RLIM_INFINITY || limit.Current >= (ulong)minimum)
        {
            return null;
        }
        var hard = limit.Maximum;
        if (hard != Consts.RLIM_INFINITY && hard < (ulong)minimum)
        {
            // Raising the hard limit works only as root; otherwise setrlimit fails below.
            hard = (ulong)minimum;
        }
        var wanted = new RLimit { Current = (ulong)minimum, Maximum = hard };
        if (Libc.SetRLimit(resource, &wanted) != 0)
        {
            // supervisord's text shows the hard limit it asked for, -1 meaning unlimited.
            return usage(hard == Consts.RLIM_INFINITY ? "-1" : hard.ToString(CultureInfo.InvariantCulture));
        }
        infos.Add($"Increased {name} limit to {minimum}");
        return null;
    }
}
