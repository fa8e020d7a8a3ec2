using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Os;
using SuperNet.Linux;

/// <summary>
/// "spawn-emfile": run under a low `ulimit -n`. Uses up the descriptors, leaving two (one pipe),
/// prints the spawn result, frees them, and prints the result of a second spawn.
/// </summary>
internal static class SpawnEmfile
{
    public static int Run()
    {
        using var platform = LinuxPlatform.Create(new LinuxPlatformOptions { HelperPath = Environment.ProcessPath });
        var request = new SpawnRequest { Name = "emfile", Path = "/bin/true", Argv = ["true"], Environment = [] };
        var held = new List<SafeFileHandle>();
        try
        {
            while (true)
            {
                held.Add(File.OpenHandle("/dev/null"));
            }
        }
        catch (IOException)
        {
            // EMFILE: the table is full.
        }
        held[^1].Dispose();
        held[^2].Dispose();
        held.RemoveRange(held.Count - 2, 2);

        var failed = platform.Spawner.Spawn(request);
        // Printed only after the descriptors are back: Console needs some of its own.
        var first = $"first: pid={failed.Pid} errno={ErrnoNames.Name(failed.Errno)} error={failed.Error}";
        foreach (var handle in held)
        {
            handle.Dispose();
        }
        var second = platform.Spawner.Spawn(request);
        Console.Out.WriteLine(first);
        Console.Out.WriteLine($"second: succeeded={second.Succeeded}");
        return 0;
    }
}
