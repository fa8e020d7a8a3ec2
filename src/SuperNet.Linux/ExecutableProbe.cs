using SuperNet.Core.Os;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>access(path, X_OK) for the "no permission to run command" check (contract §3.8).</summary>
public sealed unsafe class ExecutableProbe : IExecutableProbe
{
    public bool CanExecute(string path)
    {
        fixed (byte* p = Utf8Z.Of(path))
        {
            return Libc.Access(p, Consts.X_OK) == 0;
        }
    }
}
