namespace SuperNet.Core.Os;

/// <summary>A bounded queue shared by several pipes (see <see cref="IOutputSink.Room"/>).</summary>
public interface IOutputRoom
{
    /// <summary>
    /// False when there is room now. True when the queue is full: <paramref name="resume"/> will be called
    /// once, on any thread, when it has room again or has given up waiting for its consumer.
    /// </summary>
    bool WaitForRoom(Action resume);

    /// <summary>
    /// Told by the pump when it starts reading a pipe into this queue: <paramref name="readNow"/>(done) reads
    /// what the pipes feeding this queue hold now, then calls done on the pump's thread (at once, on the calling
    /// thread, once the pump has stopped).
    /// </summary>
    void ReadBy(Action<Action> readNow)
    {
    }
}
