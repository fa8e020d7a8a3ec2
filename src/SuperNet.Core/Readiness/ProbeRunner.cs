using SuperNet.Core.Os;

namespace SuperNet.Core.Readiness;

/// <summary>
/// Starts one attempt of a polled probe. The I/O never runs on the supervisor thread: tcp and http run on the
/// thread pool, exec is a child whose output the pump reads and whose exit the reaper reports; the answer is
/// posted back, so the <c>done</c> callback runs on the owner thread, once, unless the attempt is cancelled.
/// </summary>
internal static class ProbeRunner
{
    /// <param name="exec">How to spawn exec:COMMAND (the program's environment and directory).</param>
    public static IProbeAttempt Start(Probe probe, IProbeHost host, TimeSpan timeout, Func<string, SpawnRequest> exec, Action<ProbeResult> done) =>
        probe.Kind switch
        {
            ProbeKind.Tcp or ProbeKind.Http => NetworkProbe.Start(probe, host, timeout, done),
            ProbeKind.Exec => ExecProbe.Start(probe, host, timeout, () => exec(probe.Command), done),
            _ => throw new ArgumentException($"{probe.Kind} is not a polled probe", nameof(probe)),
        };
}
