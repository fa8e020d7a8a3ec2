/*
 * The relay floor: what prefixing the output of N programs onto one file costs with nothing but what a supervisor
 * cannot avoid. Each FILE is written by its own `/bin/cat FILE` into its own pipe (a supervisor must own one pipe per
 * program to know who wrote a line); one thread (see --threads) reads the pipes through epoll in 128 KiB reads (cat's own write size),
 * keeps each pipe's partial line for its next read, and writes the whole lines of every read to fd 1 in one write,
 * each line behind "NAME | " (NAME: the file's base name without its extension) unless --raw. No allocation on the
 * way, no timestamps, no drop accounting, no bound on a slow consumer: a lower bound for any supervisor that keeps
 * lines whole, not a design.
 *
 * Usage: relay-floor [--raw] [--pipe BYTES] [--threads T] FILE...   (stdout: the relayed lines; stderr: figures)
 * --pipe grows every pipe to BYTES first (F_SETPIPE_SZ), as supernetd grows a program's pipe found full.
 * --threads T splits the pipes over T threads, each with its own epoll set and buffer, all writing to fd 1: a write
 * of whole lines to a regular file is not interleaved with another (the kernel holds the file position's lock for it),
 * so lines stay whole while the reads and the prefixing run in parallel.
 * Prints "relayed B bytes in S s, cpu U s, writers' cpu W s": the wall time from the first spawn to the last write
 * after every writer was reaped, this process's CPU (user + system) and the writers' (their CPU and the relay's
 * together, over the machine's cores, bound the wall time from below). bench/logs.py compiles it with cc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define READ_BYTES (128 * 1024)
#define MAX_WRITERS 64
#define MAX_PREFIX 64

extern char **environ;

struct writer {
    int fd;
    pid_t pid;
    char prefix[MAX_PREFIX];
    size_t prefix_len;
    char *buf;      /* the partial line carried over, then this read */
    size_t held;
};

static void die(const char *what, int err) {
    fprintf(stderr, "relay-floor: %s: %s\n", what, strerror(err));
    exit(1);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double seconds(const struct rusage *ru) {
    return ru->ru_utime.tv_sec + ru->ru_utime.tv_usec / 1e6 + ru->ru_stime.tv_sec + ru->ru_stime.tv_usec / 1e6;
}

static void write_all(const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(1, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            die("write", errno);
        }
        p += w;
        n -= (size_t)w;
    }
}

static void name_prefix(struct writer *w, const char *path) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strcspn(base, ".");
    if (len > MAX_PREFIX - 4) len = MAX_PREFIX - 4;
    memcpy(w->prefix, base, len);
    memcpy(w->prefix + len, " | ", 3);
    w->prefix_len = len + 3;
}

static void spawn(struct writer *w, const char *path, int pipe_bytes) {
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0) die("pipe2", errno);
    if (pipe_bytes > 0 && fcntl(p[1], F_SETPIPE_SZ, pipe_bytes) < 0) die("F_SETPIPE_SZ", errno);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    char *argv[] = { "/bin/cat", (char *)path, NULL };
    int err = posix_spawn(&w->pid, argv[0], &fa, NULL, argv, environ);
    if (err) die("posix_spawn", err);
    posix_spawn_file_actions_destroy(&fa);
    close(p[1]);
    if (fcntl(p[0], F_SETFL, O_NONBLOCK) < 0) die("fcntl", errno);
    w->fd = p[0];
    w->buf = malloc(2 * READ_BYTES);
    if (!w->buf) die("malloc", ENOMEM);
    w->held = 0;
    name_prefix(w, path);
}

/* Writes the whole lines of buf[0..n) with the writer's prefix; returns how many bytes (a partial line) are left. */
static size_t relay(struct writer *w, char *out, size_t n, int raw) {
    char *line = w->buf, *end = w->buf + n;
    char *last = memrchr(line, '\n', n);
    if (!last) {
        if (n < READ_BYTES) return n;
        /* A line longer than a read goes out in pieces, each behind the prefix, as a supervisor's buffer limit does. */
        w->buf[n] = '\n';
        last = w->buf + n;
        end = last + 1;
        n++;
    }
    if (raw) {
        write_all(line, (size_t)(last + 1 - line));
    } else {
        char *o = out;
        while (line <= last) {
            char *nl = memchr(line, '\n', (size_t)(last + 1 - line));
            size_t len = (size_t)(nl + 1 - line);
            memcpy(o, w->prefix, w->prefix_len);
            memcpy(o + w->prefix_len, line, len);
            o += w->prefix_len + len;
            line = nl + 1;
        }
        write_all(out, (size_t)(o - out));
    }
    size_t rest = (size_t)(end - (last + 1));
    memmove(w->buf, last + 1, rest);
    return rest;
}

/* One pumping thread: its own epoll set over its share of the pipes and its own output buffer. */
struct pump {
    struct writer *ws;
    int n, raw, epoll;
    long long bytes;
};

static void *pump_run(void *arg) {
    struct pump *p = arg;
    /* A read of 128 KiB of one-byte lines becomes at most 128 Ki prefixed lines. */
    char *out = malloc((size_t)(2 * READ_BYTES) * (MAX_PREFIX + 1));
    if (!out) die("malloc", ENOMEM);
    int open = p->n;
    struct epoll_event evs[MAX_WRITERS];
    while (open > 0) {
        int ready = epoll_wait(p->epoll, evs, MAX_WRITERS, -1);
        if (ready < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait", errno);
        }
        for (int e = 0; e < ready; e++) {
            struct writer *w = &p->ws[evs[e].data.u32];
            ssize_t r = read(w->fd, w->buf + w->held, READ_BYTES);
            if (r < 0) {
                if (errno == EAGAIN || errno == EINTR) continue;
                die("read", errno);
            }
            if (r == 0) {
                if (w->held) {
                    w->buf[w->held++] = '\n';
                    w->held = relay(w, out, w->held, p->raw);
                }
                epoll_ctl(p->epoll, EPOLL_CTL_DEL, w->fd, NULL);
                close(w->fd);
                open--;
                continue;
            }
            p->bytes += r;
            w->held = relay(w, out, w->held + (size_t)r, p->raw);
        }
    }
    free(out);
    return NULL;
}

int main(int argc, char **argv) {
    int raw = 0, pipe_bytes = 0, threads = 1, i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--raw")) raw = 1;
        else if (!strcmp(argv[i], "--pipe") && i + 1 < argc) pipe_bytes = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
        else { fprintf(stderr, "usage: relay-floor [--raw] [--pipe BYTES] [--threads T] FILE...\n"); return 2; }
    }
    int n = argc - i;
    if (n < 1 || n > MAX_WRITERS) { fprintf(stderr, "relay-floor: 1 to %d files\n", MAX_WRITERS); return 2; }
    if (threads < 1 || threads > n) { fprintf(stderr, "relay-floor: 1 to %d threads\n", n); return 2; }

    static struct writer ws[MAX_WRITERS];
    static struct pump pumps[MAX_WRITERS];
    for (int t = 0; t < threads; t++) {
        pumps[t] = (struct pump){ .ws = ws, .raw = raw, .epoll = epoll_create1(EPOLL_CLOEXEC) };
        if (pumps[t].epoll < 0) die("epoll_create1", errno);
    }

    double start = now();
    for (int k = 0; k < n; k++) {
        spawn(&ws[k], argv[i + k], pipe_bytes);
        struct pump *p = &pumps[k % threads];
        struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (unsigned)k };
        if (epoll_ctl(p->epoll, EPOLL_CTL_ADD, ws[k].fd, &ev) < 0) die("epoll_ctl", errno);
        p->n++;
    }
    pthread_t tids[MAX_WRITERS];
    for (int t = 1; t < threads; t++) {
        int err = pthread_create(&tids[t], NULL, pump_run, &pumps[t]);
        if (err) die("pthread_create", err);
    }
    pump_run(&pumps[0]);
    long long bytes = pumps[0].bytes;
    for (int t = 1; t < threads; t++) {
        pthread_join(tids[t], NULL);
        bytes += pumps[t].bytes;
    }
    for (int k = 0; k < n; k++) {
        int status;
        while (waitpid(ws[k].pid, &status, 0) < 0 && errno == EINTR) {}
    }
    double wall = now() - start;
    struct rusage self, children;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    fprintf(stderr, "relayed %lld bytes in %.3f s, cpu %.3f s, writers' cpu %.3f s\n", bytes, wall, seconds(&self), seconds(&children));
    return 0;
}
