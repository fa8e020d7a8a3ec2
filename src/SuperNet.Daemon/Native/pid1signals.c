/*
 * Linked into supernetd (SuperNet.Daemon.csproj): before main, as PID 1 only, blocks the signals the daemon handles.
 * The kernel drops a signal sent to PID 1 while its disposition is still the default, and the runtime starts and
 * Main registers its handlers 20-40 ms after exec: a SIGTERM in that window (`docker run` then `docker stop` at once)
 * was lost, and the container waited for SIGKILL. Blocked, it waits pending until SignalListener has registered every
 * handler and unblocks them. The runtime's threads, started after this, inherit the mask and never take these
 * signals; every child gets an empty mask (posix_spawn's SETSIGMASK, the exec helper's SIG_SETMASK).
 * Under another PID 1 (tini, podman --init) a signal in that window keeps its default action: supernetd ends with it.
 */
#include <signal.h>
#include <unistd.h>

__attribute__((constructor)) static void block_handled_signals_as_pid1(void)
{
    if (getpid() != 1)
        return;
    sigset_t handled;
    sigemptyset(&handled);
    sigaddset(&handled, SIGTERM);
    sigaddset(&handled, SIGINT);
    sigaddset(&handled, SIGQUIT);
    sigaddset(&handled, SIGHUP);
    sigaddset(&handled, SIGUSR1);
    sigaddset(&handled, SIGUSR2);
    sigprocmask(SIG_BLOCK, &handled, NULL);
}
