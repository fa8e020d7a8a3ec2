using SuperNet.Daemon;
using SuperNet.Linux;

// The exec helper (user=, umask=, child-side spawn failures) and, at PID 1, the reaper's sentinel are this
// same binary re-executed: they must run before anything else touches the runtime.
ReaperSentinel.RunIfAsked(args);
if (ExecHelper.TryRun(args, out var helperExit))
{
    return helperExit;
}
return DaemonMain.Run(args);
