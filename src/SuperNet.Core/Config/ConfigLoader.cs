namespace SuperNet.Core.Config;

/// <summary>Entry points for reading supervisord.conf (contract §4).</summary>
public static class ConfigLoader
{
    /// <summary>Reads [supervisorctl] from a config file; throws <see cref="ConfigException"/> with supervisorctl's texts.</summary>
    public static SupervisorctlOptions LoadSupervisorctl(string configPath, ConfigContext? context = null) =>
        SupervisorctlLoader.Load(configPath, context ?? ConfigContext.FromSystem());
}
