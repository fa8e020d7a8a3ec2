namespace SuperNet.XmlRpc;

/// <summary>
/// <see cref="XmlRpcWriter.WriteResponsePieces"/>: one object, its own enumerator, writing through the thread's
/// reused <see cref="ValueWriter"/> (a compiler iterator over another iterator cost four objects per answer).
/// </summary>
internal sealed class ResponsePieces(XmlRpcValue value, int pieceBytes) : IEnumerable<ReadOnlyMemory<byte>>, IEnumerator<ReadOnlyMemory<byte>>
{
    private ValueWriter? _writer;
    private Utf8Buffer? _output;
    private State _state;
    private bool _enumerated;

    public ReadOnlyMemory<byte> Current { get; private set; }

    object System.Collections.IEnumerator.Current => Current;

    public IEnumerator<ReadOnlyMemory<byte>> GetEnumerator()
    {
        if (_enumerated)
        {
            return new ResponsePieces(value, pieceBytes);
        }
        _enumerated = true;
        return this;
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public bool MoveNext()
    {
        try
        {
            return Step();
        }
        catch
        {
            // A value that fails to write (an unknown type, a lazy item that throws): its buffer goes back now.
            Dispose();
            throw;
        }
    }

    private bool Step()
    {
        switch (_state)
        {
            case State.New:
                _writer = ValueWriter.Rent();
                _output = _writer.Output();
                _output.Write(XmlRpcWriter.ResponseHead);
                _writer.Start(value);
                _state = State.Writing;
                break;
            case State.Writing:
                _output!.Clear();
                break;
            default:
                Current = default;
                _state = State.Done;
                return false;
        }
        if (_writer!.Write(_output, pieceBytes))
        {
            _output.Write(XmlRpcWriter.ResponseTail);
            _state = State.Written;
        }
        Current = _output.Written;
        return true;
    }

    public void Reset() => throw new NotSupportedException();

    public void Dispose()
    {
        Current = default;
        _state = State.Done;
        _output = null;
        _writer?.Return();
        _writer = null;
    }

    private enum State : byte
    {
        New,
        Writing,
        Written, // the last piece is out
        Done,
    }
}
