using Microsoft.Win32.SafeHandles;

namespace SuperNet.Core.Os;

/// <summary>A log file appended to straight from a pipe (see <see cref="IOutputSink.DirectFile"/>).</summary>
public interface IDirectFileOutput
{
    /// <summary>
    /// Under the file's lock: opens it if needed, calls <paramref name="move"/> with the file and its end
    /// offset, then applies rotation for the bytes moved. Returns what <paramref name="move"/> returned
    /// (bytes moved, 0 at end of file, negative for an error it reports itself), or null when the file
    /// cannot take bytes at an offset (a pipe or terminal behind /dev/stdout) or the sink needs to see
    /// them now: the caller reads this chunk instead, and asks again for the next one.
    /// </summary>
    long? Append(Func<SafeFileHandle, long, long> move);
}
