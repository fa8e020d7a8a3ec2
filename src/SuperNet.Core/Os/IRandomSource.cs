namespace SuperNet.Core.Os;

/// <summary>
/// Unpredictable bytes. Not System.Security.Cryptography's generator: on Linux it loads OpenSSL, which a
/// libc-only image does not have (the daemon would die at the first AUTO log).
/// </summary>
public interface IRandomSource
{
    void Fill(Span<byte> buffer);
}
