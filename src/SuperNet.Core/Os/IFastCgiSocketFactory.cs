using System.Runtime.InteropServices;
using SuperNet.Core.Config;

namespace SuperNet.Core.Os;

/// <summary>Makes the listening socket of an [fcgi-program:x] group (bound, listening, close-on-exec).</summary>
public interface IFastCgiSocketFactory
{
    /// <summary>The socket, owned by the caller. Throws <see cref="FastCgiSocketException"/> when it cannot be made.</summary>
    SafeHandle Listen(FastCgiOptions options);
}

/// <summary>Why a socket could not be made, as Python prints it (e.g. "[Errno 98] Address already in use").</summary>
public sealed class FastCgiSocketException(string message) : Exception(message);
