namespace SuperNet.Integration.Tests.Harness;

/// <summary>Which supervisor a test runs: ours, or the real supervisord 4.2.5 as the oracle.</summary>
public enum Implementation
{
    SuperNet,
    Supervisord,
}
