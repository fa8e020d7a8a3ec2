using SuperNet.Core.Config;
using SuperNet.Core.Processes;

namespace SuperNet.Core.Supervision;

/// <summary>
/// [supervisord] exit_when_done=true (a SuperNet key): a container of jobs ends when its jobs have. Judged when a
/// program exits or goes FATAL, and when removeProcessGroup takes away the last programs that had not ended; never
/// on a stop, so `stop all` keeps the daemon up, and never before anything ended, so a configuration whose
/// programs are all autostart=false waits for one started by hand. Event listeners serve the programs and are not
/// waited for.
/// </summary>
public sealed partial class Supervisor
{
    /// <summary>
    /// The programs left after a removal may all have ended. Not while an update is under way: `update` removes a
    /// changed group before adding it back, and removed groups before adding the new ones, so the daemon would
    /// exit between the two calls.
    /// </summary>
    private void ExitIfDoneAfterRemoval(Func<bool>? updatePending)
    {
        if (config.Supervisord.ExitWhenDone && updatePending?.Invoke() != true)
        {
            ExitIfDone();
        }
    }

    private void ExitIfDone()
    {
        if (!config.Supervisord.ExitWhenDone || Mood != SupervisorMood.Running || exit is not null)
        {
            return;
        }
        var programs = groups.Where(g => g.Pool is null).SelectMany(g => g.Processes).ToList();
        if (!programs.All(Ended))
        {
            return;
        }
        var failed = programs.Where(EndedBadly).OrderBy(p => p.LastStop ?? p.LastStart).FirstOrDefault();
        if (failed is null)
        {
            shutdownCause = (LogLevel.Info, "every program has ended and none will be restarted (exit_when_done): stopping, supernetd will exit 0");
        }
        else
        {
            ExitStatus = EndStatus(failed, failed.State == ProcessState.Fatal);
            var how = failed.State == ProcessState.Fatal ? "entered FATAL state" : $"exited ({failed.LastExit?.Describe()})";
            shutdownCause = (LogLevel.Warn, "every program has ended and none will be restarted (exit_when_done): stopping, " +
                $"supernetd will exit {ExitStatus}, as {failed.Name} {how}, the first to end unexpectedly");
        }
        Mood = SupervisorMood.Shutdown;
    }

    private static bool Ended(Subprocess process) =>
        !process.StartQueued && process.State switch
        {
            ProcessState.Stopped or ProcessState.Fatal => true,
            ProcessState.Exited => !process.WillRestart,
            _ => false,
        };

    private static bool EndedBadly(Subprocess process) =>
        process.State == ProcessState.Fatal
        || process.State == ProcessState.Exited && !process.ExitedAsExpected;
}
