using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Config;

/// <summary>Entry points for reading supervisord.conf (contract §4).</summary>
public static class ConfigLoader
{
    /// <summary>
    /// Reads the main file, its includes and every section, in supervisord's order, then applies the
    /// command-line overrides. Throws <see cref="ConfigException"/> whose Message is what supervisord
    /// prints after "Error: ".
    /// </summary>
    public static SupervisorConfig Load(string configPath, SupervisordOverrides? overrides = null, ConfigContext? context = null)
    {
        var ctx = context ?? ConfigContext.FromSystem();
        string here = PyPath.AbsPath(PyPath.DirName(configPath), ctx.CurrentDirectory);
        string text = OptionReader.ReadConfigText(configPath, ctx);
        var ini = IniFile.Parse(text, configPath);

        var warnings = new List<string>();
        var infos = new List<string>();
        var envNames = OptionReader.EnvironmentNames(ctx);
        IncludeReader.Apply(ini, configPath, here, envNames, ctx, warnings, infos);
        if (!ini.HasSection("supervisord"))
            throw new ConfigException(".ini file does not include supervisord section");

        var reader = new OptionReader(ini, envNames);
        var supervisord = SupervisordSectionReader.Read(reader, here, ctx);
        var rpcInterfaces = RpcInterfaceReader.Read(reader);
        var programs = new ProgramSectionReader(reader, here, configPath, ctx, warnings);
        var groups = new GroupsReader(reader, programs, here, ctx).Read();
        Readiness.DependencyValidator.Check(groups, section => ini.SectionFiles.TryGetValue(section, out var file) ? file : configPath);
        var servers = ServerSectionReader.Read(reader, here, ctx);
        var options = SupervisordSectionReader.ApplyOverrides(supervisord, overrides, ctx);

        return new SupervisorConfig
        {
            ConfigFile = configPath,
            Supervisord = options,
            Servers = servers,
            Groups = [.. groups.Select(g => g with { Supervisord = options })],
            RpcInterfaces = rpcInterfaces,
            Ignored = IgnoredOptions.Find(ini, configPath),
            Messages = [
                .. warnings.Select(w => new ConfigMessage(LogLevel.Warn, w)),
                .. infos.Select(i => new ConfigMessage(LogLevel.Info, i)),
            ],
        };
    }

    /// <summary>Reads [supervisorctl] from a config file; throws <see cref="ConfigException"/> with supervisorctl's texts.</summary>
    public static SupervisorctlOptions LoadSupervisorctl(string configPath, ConfigContext? context = null) =>
        SupervisorctlLoader.Load(configPath, context ?? ConfigContext.FromSystem());
}
