using System.Diagnostics;

namespace SuperNet.Integration.Tests.Harness;

/// <summary>Processes a test starts beside the daemon (a pipe's reader or blocker, the daemon under a shell), killed with their trees.</summary>
public static class Launch
{
    public static Process Start(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    public static void KillTree(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
    }
}
