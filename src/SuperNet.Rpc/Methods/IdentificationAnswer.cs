using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Methods;

/// <summary>getIdentification's answer, made again only when a reread changed the identifier.</summary>
internal sealed class IdentificationAnswer(string initial)
{
    private Answer current = new(initial, initial);

    public XmlRpcValue For(string identifier)
    {
        var answer = Volatile.Read(ref current);
        if (!ReferenceEquals(answer.Text, identifier))
        {
            answer = new Answer(identifier, identifier);
            Volatile.Write(ref current, answer);
        }
        return answer.Value;
    }

    private sealed record Answer(string Text, XmlRpcValue Value);
}
