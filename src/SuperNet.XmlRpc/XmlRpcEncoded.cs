namespace SuperNet.XmlRpc;

/// <summary>
/// A value that writes its own XML straight into the answer (a hot answer encoded from its source, with no tree
/// between). <see cref="Expand"/> gives the same value as a tree, for readers that walk one (JSON, tests); the
/// bytes <see cref="WriteTo"/> writes must be those the writer makes of that tree.
/// </summary>
public abstract record XmlRpcEncoded : XmlRpcValue
{
    public override string TypeName => Expand().TypeName;

    /// <summary>Writes the value as <see cref="XmlRpcWriter"/> writes <see cref="Expand"/>'s tree.</summary>
    public abstract void WriteTo(Utf8Buffer output);

    public abstract XmlRpcValue Expand();
}
