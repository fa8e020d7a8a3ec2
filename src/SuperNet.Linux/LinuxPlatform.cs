namespace SuperNet.Linux;

/// <summary>Options for <see cref="LinuxPlatform.Create"/>.</summary>
public sealed record LinuxPlatformOptions
{
    /// <summary>
    /// The binary re-executed as the exec helper and, at PID 1, as the reaper's sentinel (its Main must call
    /// <see cref="ReaperSentinel.RunIfAsked"/> and <see cref="ExecHelper.TryRun"/> first). The daemon leaves the
    /// default, its own binary; tests point it at snhelper.
    /// </summary>
    public string? HelperPath { get; init; }

    /// <summary>F_SETPIPE_SZ for stdout/stderr pipes in bytes (0 keeps the kernel default of 64 KiB).</summary>
    public int PipeSize { get; init; }

    /// <summary>Receives exceptions thrown by output sinks on the pump thread.</summary>
    public Action<Exception>? OnSinkError { get; init; }
}

/// <summary>
/// The OS layer wired together: spawner, reaper and signaller share one pid registry; one output
/// pump reads every pipe. Create exactly one per process (a second reaper waiting on every child would steal
/// the first one's statuses). Call <c>Reaper.Start</c> before the first spawn.
/// </summary>
public sealed class LinuxPlatform : IDisposable
{
    private const string RunningBinary = "/proc/self/exe";
    private readonly PidRegistry _registry;

    private LinuxPlatform(PidRegistry registry, LinuxPlatformOptions options)
    {
        _registry = registry;
        // The running binary itself, whatever has become of its path since: an upgrade that replaced the file
        // (another version's helper protocol) or removed it would otherwise fail every user=/umask= spawn,
        // where supervisord's fork keeps working.
        var helper = options.HelperPath ?? (File.Exists(RunningBinary) ? RunningBinary : Environment.ProcessPath)
            ?? throw new InvalidOperationException("Cannot find this process's binary for the exec helper.");
        Spawner = new PosixSpawner(registry, helper, options.PipeSize);
        Reaper = new ChildReaper(registry, helper);
        Signaller = new Signaller(registry);
        Pump = new EpollOutputPump(options.OnSinkError);
        Probe = new ExecutableProbe();
        Files = new RegularFileOpener();
        Random = new KernelRandom();
    }

    public static LinuxPlatform Create(LinuxPlatformOptions? options = null) =>
        new(new PidRegistry(), options ?? new LinuxPlatformOptions());

    public PosixSpawner Spawner { get; }
    public ChildReaper Reaper { get; }
    public Signaller Signaller { get; }
    public EpollOutputPump Pump { get; }
    public ExecutableProbe Probe { get; }
    public RegularFileOpener Files { get; }
    public KernelRandom Random { get; }

    /// <summary>Spawned children not yet reaped.</summary>
    public int LiveChildren => _registry.Count;

    public void Dispose() => Pump.Dispose();
}
