using System.Text;
using SuperNet.Ctl.Output;
using SuperNet.Ctl.Cli;
using SuperNet.Ctl.Commands;
using SuperNet.Ctl.Shell;

namespace SuperNet.Ctl;

internal static class Program
{
    private static int Main(string[] args)
    {
        var programPath = ProgramPath();
        var rawOut = new StdStream(1);
        // 8 KiB, Python's own buffer for a piped stdout: the writer allocates its chars and three times as many
        // bytes up front, and clearing those pages is a visible share of a one-shot command (docs/performance.md).
        var stdout = new StreamWriter(rawOut, new UTF8Encoding(false), 8 * 1024) { NewLine = "\n" };
        var stderr = new StreamWriter(new StdStream(2), new UTF8Encoding(false), 1024) { NewLine = "\n", AutoFlush = true };
        int status;
        try
        {
            status = Run(args, programPath, stdout, stderr, rawOut);
            stdout.Flush();
        }
        catch (IOException)
        {
            // stdout closed early (`supernetctl status | head -1`): nothing left to tell anyone.
            status = ExitCodes.Generic;
        }

        return status;
    }

    /// <summary>
    /// The program's path as a script interpreter sees its script: absolute when found through PATH, and
    /// the link's path rather than its target (/usr/bin/supervisorctl stays supervisorctl, not supernetctl).
    /// It names the program in usage errors and anchors the first two config search paths.
    /// </summary>
    private static string ProgramPath()
    {
        var argv0 = Environment.GetCommandLineArgs()[0];
        var process = Environment.ProcessPath;
        if (argv0.Contains('/') || process is null || Path.GetFileName(process) == "dotnet")
        {
            return argv0;
        }

        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, argv0))
            .FirstOrDefault(File.Exists);
        return found is null ? process : Path.GetFullPath(found);
    }

    /// <summary>Everything but the process's own streams, so tests can run the ctl in-process.</summary>
    internal static int Run(string[] args, string programPath, TextWriter stdout, TextWriter stderr, Stream rawOut)
    {
        CommandLine? line = null;
        ClientSettings settings;
        try
        {
            line = CommandLine.Parse(args);
            settings = SettingsResolver.Resolve(line, programPath);
        }
        catch (HelpRequested)
        {
            stdout.Write(Usage.Text(programPath));
            return 0;
        }
        catch (UsageException e)
        {
            stderr.WriteLine("Error: " + e.Message);
            stderr.WriteLine($"For help, use {programPath} -h");
            // A HEALTHCHECK must not answer Docker's reserved 2: a wrong -c there is "unhealthy", said on stderr.
            return line?.Action is ["health", ..] ? ExitCodes.Generic : 2;
        }
        catch (Core.Config.ConfigException e)
        {
            stderr.WriteLine("Error: " + e.Message);
            return 1;
        }

        var history = new History(settings.HistoryFile);
        var input = new ConsoleInput(stdout, stderr, history);
        using var ctl = new Controller(settings, stdout, stderr, input) { RawOut = rawOut };
        if (line.Action.Count > 0)
        {
            try
            {
                ctl.OneCommand(string.Join(' ', line.Action));
            }
            catch (InterruptedException)
            {
                // Ctrl-C at a question (-i with an action): leave as a SIGINT death would.
                stdout.Write('\n');
                return 130;
            }

            return ctl.ExitStatus;
        }

        using (Interrupts.Push(() =>
        {
            // Ctrl-C while a command runs ends the shell like a KeyboardInterrupt: a newline, status 0.
            stdout.Write(input.InterruptEcho + "\n");
            stdout.Flush();
            history.Save();
            Environment.Exit(0);
        }))
        {
            InteractiveShell.Run(ctl, input, history);
        }

        return 0;
    }
}
