using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Linux;

namespace SuperNet.Daemon;

/// <summary>supervisord's start-up sequence (contract §5.2) up to the point where the host takes over.</summary>
internal static class DaemonMain
{
    public static int Run(string[] args)
    {
        StdStreams.UseOpener(fd => new FdStream(fd));
        try
        {
            return RunDaemon(args);
        }
        catch (FdWriteException)
        {
            // stdout closed under us (`supernetd -h | head -0`): supervisord dies with a BrokenPipeError
            // traceback and status 1; the status is kept, the traceback is not.
            return 1;
        }
    }

    private static int RunDaemon(string[] args)
    {
        // First, before anything can initialize the runtime's signal layer: undo inherited SIG_IGN and take
        // TERM/INT/QUIT/HUP/USR2. Until a supervisor exists the router holds what arrives.
        var router = new SignalRouter();
        using var signals = new SignalListener(router.OnSignal);

        var argv0 = Environment.GetCommandLineArgs()[0];
        SupervisordArguments arguments;
        SupervisorConfig config;
        try
        {
            arguments = SupervisordArguments.Parse(args);
            switch (arguments.Action)
            {
                case SupervisordAction.Help:
                    StdStreams.Stdout.Write(SupervisordArguments.HelpText(argv0));
                    return 0;
                case SupervisordAction.Version:
                    StdStreams.Stdout.WriteLine(Core.SuperNetVersion.Line(SupervisordArguments.Version, argv0, "supernetd"));
                    return 0;
            }
            // The daemon re-executed to detach reads the file again; its caller already warned.
            config = LoadConfig(arguments, warnRootSearch: !Daemonizer.IsDaemonChild);
        }
        catch (ConfigException e)
        {
            return UsageError(argv0, e.Message);
        }

        if (arguments.Action == SupervisordAction.CheckConfig)
        {
            foreach (var ignored in config.Ignored)
            {
                StdStreams.Stderr.WriteLine("Warning: " + ignored);
            }
            // What start-up logs as WARN (an include matching nothing, a key without effect) is what a check is for.
            foreach (var message in config.Messages.Where(m => m.Level == LogLevel.Warn))
            {
                StdStreams.Stderr.WriteLine("Warning: " + message.Text);
            }
            // A file that parses can still stop start-up as the HTTP server calls an interface factory; the check
            // says so in start-up's words, after the cause that start-up only puts in the main log.
            if (config.FailingRpcInterface is { } failing)
            {
                StdStreams.Stderr.WriteLine(failing.CallError!);
                return UsageError(argv0, RpcInterfaceConfig.StartFailure(failing.Name));
            }
            StdStreams.Stdout.Write(ConfigReport.Render(config));
            return 0;
        }

        if (!config.Supervisord.Nodaemon && !Daemonizer.IsDaemonChild)
        {
            var status = Daemonizer.Respawn(Environment.ProcessPath ?? argv0, argv0, args, RelayDaemonStderr);
            return status >= 0 ? status : UsageError(argv0, $"could not daemonize: errno {-status}");
        }
        var daemonized = Daemonizer.IsDaemonChild;
        Daemonizer.ClearMarker();
        if (daemonized && config.Supervisord.Directory is not null)
        {
            // The daemon enters that directory as it detaches. supervisord then reads a relative -c (or the
            // file its search found) against it, so its reread fails and a SIGHUP restart exits or reads
            // another file; here they keep reading the file this start read.
            var file = Path.GetFullPath(config.ConfigFile);
            arguments = arguments with { Overrides = arguments.Overrides with { ConfigFile = file } };
            config = config with { ConfigFile = file };
        }

        var infos = new List<string>();
        // supervisord reports success even when user= names the uid it already runs as (user=root as root).
        if (config.Supervisord.User is { } user)
        {
            if (!Privileges.Drop(user, out var reason))
            {
                return UsageError(argv0, reason ?? $"couldn't setuid to {user.Uid}");
            }
            infos.Add($"Set uid to user {user.Uid} succeeded");
        }
        var limits = RLimits.Apply(config.Supervisord.MinFds, config.Supervisord.MinProcs);
        if (limits.UsageError is { } limitError)
        {
            return UsageError(argv0, limitError);
        }
        infos.AddRange(limits.Infos);

        using var platform = LinuxPlatform.Create();
        // As PID 1 with no sentinel child the reaper looks for orphans once a second (ADR 0009); only the log says why.
        platform.Reaper.OnSentinelTrouble = trouble => router.Log(SentinelNotes.Line(trouble));
        // supervisord's words and level for a reap that failed other than by ECHILD; the reaper thread must not block.
        platform.Reaper.OnWaitError = errno =>
            router.Log((LogLevel.Critical, $"waitpid error {errno}; a process may not be cleaned up properly"));
        platform.Reaper.Start(router.OnChildExit);

        var exit = new ExitCode();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
        builder.Services.AddSingleton<IHostLifetime, SupervisorLifetime>();
        builder.Services.AddSingleton(exit);
        builder.Services.AddSingleton(new GenerationOptions(arguments, config, argv0, daemonized, infos));
        builder.Services.AddSingleton(router);
        builder.Services.AddSingleton(platform);
        builder.Services.AddHostedService<Generations>();
        using var host = builder.Build();
        host.Run();
        return exit.Value;
    }

    /// <summary>-c, else the default search (§4.1); the file is parsed with the command line's overrides applied.</summary>
    /// <param name="warnRootSearch">supervisord's warning goes through Python's warnings module, which says it
    /// once per process: not again at a restart, nor in the daemon its caller already warned for.</param>
    public static SupervisorConfig LoadConfig(SupervisordArguments arguments, bool warnRootSearch)
    {
        var path = arguments.ConfigFile;
        if (path is null)
        {
            // Warned before the search, so also ahead of its "No config file found" error.
            if (warnRootSearch && ProcessIdentity.Uid == 0)
            {
                StdStreams.Stderr.Write(ConfigLocator.RootSearchWarningText);
            }
            var exe = Environment.ProcessPath ?? Environment.GetCommandLineArgs()[0];
            path = ConfigLocator.FindOrThrow(exe, Environment.CurrentDirectory);
        }
        return ConfigLoader.Load(path, arguments.Overrides, ConfigContext.FromSystem(opensOwnFd: FileInode.IsStreamOf));
    }

    private static void RelayDaemonStderr(byte[] text)
    {
        try
        {
            StdStreams.StderrBytes.Write(text);
        }
        catch (FdWriteException)
        {
            // The caller's stderr is gone; the exit status still tells.
        }
    }

    public static int UsageError(string argv0, string message)
    {
        try
        {
            StdStreams.Stderr.Write($"Error: {message}\nFor help, use {argv0} -h\n");
        }
        catch (FdWriteException)
        {
            // Nowhere left to say it; the status still does.
        }
        return 2;
    }
}

/// <summary>The process exit status, set by the generation loop before it stops the host.</summary>
internal sealed class ExitCode
{
    public int Value { get; set; }
}
