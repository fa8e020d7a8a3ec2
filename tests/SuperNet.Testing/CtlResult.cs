namespace SuperNet.Testing;

/// <summary>Result of one client invocation (supervisorctl or supernetctl).</summary>
public sealed record CtlResult(string Stdout, string Stderr, int ExitCode)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}
