using SuperNet.Core.Config;
using SuperNet.Core.Processes;

namespace SuperNet.Core.Supervision;

/// <summary>
/// [supervisord] exit_when_done=true (a SuperNet key): a container of jobs ends when its jobs have. Judged when a
/// program exits or goes FATAL, never on a stop, so `stop all` keeps the daemon up; event listeners serve the
/// programs and are not waited for.
/// </summary>
public sealed partial class Supervisor
{
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
