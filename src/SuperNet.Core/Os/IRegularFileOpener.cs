namespace SuperNet.Core.Os;

/// <summary>
/// Opens a file for reading on the supervisor thread, which must never wait: .NET's open of a FIFO waits for a
/// writer, and a read from a terminal or socket waits for input, so only a regular file is opened.
/// </summary>
public interface IRegularFileOpener
{
    /// <summary>
    /// Throws <see cref="FileNotFoundException"/>, <see cref="UnauthorizedAccessException"/>, or an
    /// <see cref="IOException"/> whose message says why (e.g. "not a regular file").
    /// </summary>
    Stream OpenRead(string path);
}
