namespace SuperNet.Core.Os;

/// <summary>A bounded queue shared by several pipes (see <see cref="IOutputSink.Room"/>).</summary>
public interface IOutputRoom
{
    /// <summary>
    /// False when there is room now. True when the queue is full: <paramref name="resume"/> will be called
    /// once, on any thread, when it has room again or has given up waiting for its consumer.
    /// </summary>
    bool WaitForRoom(Action resume);
}
