using SuperNet.Daemon;
using SuperNet.Linux;

// The exec helper (user=, umask=, child-side spawn failures) is this same binary re-executed: it must
// run before anything else touches the runtime.
if (ExecHelper.TryRun(args, out var helperExit))
{
    return helperExit;
}
return DaemonMain.Run(args);
