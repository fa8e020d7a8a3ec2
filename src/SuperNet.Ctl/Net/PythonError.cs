namespace SuperNet.Ctl.Net;

/// <summary>An exception the stock client's Python would raise, by its class name and str(), which it prints.</summary>
internal sealed class PythonError(string pythonClass, string text) : Exception(text)
{
    public string PythonClass { get; } = pythonClass;
}
