namespace SuperNet.Core.Os;

/// <summary>access(path, X_OK): the one file check .NET cannot make without P/Invoke.</summary>
public interface IExecutableProbe
{
    bool CanExecute(string path);
}
