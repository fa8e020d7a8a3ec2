namespace SuperNet.Integration.Tests.RealConfigs;

/// <summary>The configs under tests/real-configs, copied next to the tests: shapes found in real deployments.</summary>
internal static class RealConfig
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "RealConfigs", name));
}
