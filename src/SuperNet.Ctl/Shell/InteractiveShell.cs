using SuperNet.Ctl.Commands;

namespace SuperNet.Ctl.Shell;

/// <summary>
/// The shell started without an action (or with -i): shows `status` first, then reads commands at
/// `&lt;prompt&gt;&gt; ` until quit, exit or end of input. Its exit status is always 0.
/// </summary>
internal static class InteractiveShell
{
    public static void Run(Controller ctl, ConsoleInput input, History history)
    {
        var completer = new Completer(ctl);
        input.Complete = completer.Complete;
        history.Load();
        try
        {
            var line = "status";
            while (true)
            {
                completer.Forget();
                if (ctl.OneCommand(line))
                {
                    break;
                }

                ctl.Out.Flush();
                var read = input.ReadLine(ctl.Settings.Prompt + "> ");
                if (read is null)
                {
                    line = "EOF";
                    continue;
                }

                if (input.IsTerminal)
                {
                    history.Add(read);
                }

                line = read;
            }
        }
        catch (InterruptedException)
        {
            ctl.Say("");
        }
        finally
        {
            history.Save();
        }
    }
}
