namespace SuperNet.Core.Logging;

/// <summary>
/// What a child output sink reports besides logging, on the pump thread (contract §8.1, §9.4): the text
/// between capture tokens (PROCESS_COMMUNICATION_*) and every logged chunk (PROCESS_LOG_*).
/// </summary>
public sealed record OutputHooks
{
    /// <summary>An event listener's stdout: no capture mode, no events, and the main-log copy shows bytes.</summary>
    public static readonly OutputHooks Protocol = new() { IsProtocol = true };

    public Action<byte[]>? OnCaptured { get; init; }
    public Action<byte[]>? OnLogged { get; init; }
    public bool IsProtocol { get; init; }
}
