namespace SuperNet.Ctl.Commands;

/// <summary>LSB init-script statuses, the values supervisorctl exits with (contract §6.4).</summary>
internal static class ExitCodes
{
    public const int Generic = 1;
    public const int InvalidArgs = 2;
    public const int UnimplementedFeature = 3;
    public const int InsufficientPrivileges = 4;
    public const int NotInstalled = 5;
    public const int NotRunning = 7;

    /// <summary>`status` reuses 3 and 4 with the LSB status meanings "not running" and "unknown".</summary>
    public const int StatusNotRunning = 3;
    public const int StatusUnknown = 4;
}
