using SuperNet.Core.Config;
using SuperNet.Core.Logging;

namespace SuperNet.Daemon;

/// <summary>supervisord's pidfile: "&lt;pid&gt;\n", removed at exit only by the instance that wrote it.</summary>
internal sealed class Pidfile(string path)
{
    private bool written;

    /// <summary>supervisord says "supervisord started with pid N" only once its pidfile is written.</summary>
    public void Write(int pid, IMainLog log)
    {
        try
        {
            File.WriteAllText(path, $"{pid}\n");
            written = true;
            log.Log(LogLevel.Info, $"supervisord started with pid {pid}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Log(LogLevel.Critical, $"could not write pidfile {path}");
        }
    }

    /// <param name="configured">The pidfile as last re-read: supervisord unlinks that path, not the one it wrote.</param>
    public void Remove(string? configured = null)
    {
        if (written)
        {
            try
            {
                File.Delete(configured ?? path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone or not ours any more: nothing left to clean.
            }
            written = false;
        }
    }
}
