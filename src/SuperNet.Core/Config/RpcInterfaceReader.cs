
namespace SuperNet.Core.Config;

/// <summary>[rpcinterface:x] sections (contract §4.12). Only supervisor's own interface can be provided.</summary>
internal static class RpcInterfaceReader
{
    public const string FactoryKey = "supervisor.rpcinterface_factory";
    public const string MainFactory = "supervisor.rpcinterface:make_main_rpcinterface";

    public static List<RpcInterfaceConfig> Read(OptionReader reader)
    {
        var result = new List<RpcInterfaceConfig>();
        foreach (var section in reader.Ini.Sections.Where(s => s.StartsWith("rpcinterface:", StringComparison.Ordinal)))
        {
            string name = section[(section.IndexOf(':') + 1)..];
            string factory = reader.Get(section, FactoryKey, null)
                ?? throw new ConfigException($"section [{section}] does not specify a {FactoryKey}");
            if (EntryPointSpec.Target(factory) != MainFactory)
                throw new ConfigException($"{factory} cannot be resolved within [{section}]");
            var extras = reader.Ini.Options(section)
                .Where(k => k != FactoryKey)
                .Select(k => new KeyValuePair<string, string>(k, reader.Get(section, k, null)!))
                .ToList();
            result.Add(new RpcInterfaceConfig(name, factory, extras));
        }
        return result;
    }
}
