/*
 * The spawn floor: what starting N programs costs with nothing but the system calls a supervisor cannot avoid.
 * For each program: three O_CLOEXEC pipes (stdin, stdout, stderr), the read ends non-blocking and watched by one
 * epoll set (the output pump), one log file per stream opened for append (unless "none"), and one posix_spawn of
 * the command with the pipes on 0/1/2, its own process group, an empty signal mask and default dispositions.
 *
 * Usage: spawn-floor N DIR files|none [COMMAND ARGS...]   (default command: /bin/sleep 100000)
 * Prints "spawned N in S s" once every program is started, then waits for SIGTERM (so the bench can read its RSS
 * like a daemon's), kills the children's groups and reaps them. bench/engine.py compiles it with cc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static void die(const char *what, int err) {
    fprintf(stderr, "spawn-floor: %s: %s\n", what, strerror(err));
    exit(1);
}

static void nonblocking(int fd) {
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) die("fcntl", errno);
}

static void watch(int epoll, int fd) {
    struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };
    if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl", errno);
}

static int open_log(const char *dir, int i, const char *stream) {
    char path[4096];
    snprintf(path, sizeof path, "%s/floor-p%04d-%s.log", dir, i, stream);
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) die(path, errno);
    return fd;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: spawn-floor N DIR files|none [COMMAND ARGS...]\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int n = atoi(argv[1]);
    const char *dir = argv[2];
    int logs = strcmp(argv[3], "files") == 0;
    char *sleep_argv[] = { "/bin/sleep", "100000", NULL };
    char **child_argv = argc > 4 ? argv + 4 : sleep_argv;

    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigaddset(&term, SIGINT);
    sigprocmask(SIG_BLOCK, &term, NULL);

    int epoll = epoll_create1(EPOLL_CLOEXEC);
    if (epoll < 0) die("epoll_create1", errno);
    pid_t *pids = calloc(n, sizeof *pids);
    int *keep = calloc((size_t)n * 5, sizeof *keep);

    posix_spawnattr_t attr;
    sigset_t empty, all;
    sigemptyset(&empty);
    sigfillset(&all);
    sigdelset(&all, SIGKILL);
    sigdelset(&all, SIGSTOP);
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setsigmask(&attr, &empty);
    posix_spawnattr_setsigdefault(&attr, &all);

    for (int i = 0; i < n; i++) {
        int in[2], out[2], err[2];
        if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) die("pipe2", errno);
        nonblocking(out[0]);
        nonblocking(err[0]);
        watch(epoll, out[0]);
        watch(epoll, err[0]);
        keep[i * 5] = in[1];
        keep[i * 5 + 1] = out[0];
        keep[i * 5 + 2] = err[0];
        keep[i * 5 + 3] = logs ? open_log(dir, i, "stdout") : -1;
        keep[i * 5 + 4] = logs ? open_log(dir, i, "stderr") : -1;

        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, in[0], 0);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        posix_spawn_file_actions_adddup2(&actions, err[1], 2);
        int rc = posix_spawn(&pids[i], child_argv[0], &actions, &attr, child_argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) die("posix_spawn", rc);
        close(in[0]);
        close(out[1]);
        close(err[1]);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("spawned %d in %.6f s\n", n, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    fflush(stdout);

    int sig;
    sigwait(&term, &sig);
    for (int i = 0; i < n; i++) kill(-pids[i], SIGKILL);
    for (int i = 0; i < n; i++) waitpid(pids[i], NULL, 0);
    return 0;
}
