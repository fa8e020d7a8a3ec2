/*
 * The connection-per-call server floor: what answering getState on a new connection costs with nothing but the
 * system calls a server cannot avoid. One thread, one epoll set, a unix socket. Each accepted connection is read at
 * once (the request is usually there already); only when it is not is the connection put in the epoll set. When
 * the whole request (head and Content-Length body) has arrived, a fixed getState answer of the daemons' size goes
 * out in one write. Then, by mode:
 *   close      the connection is closed at once: the client still sees a whole answer, then EOF
 *   keepalive  as HTTP/1.1 wants (and supervisord and supernetd do): the connection waits in the epoll set for the
 *              client's next request or its close, which costs one more wake-up and read per call
 *
 * Usage: rpc-floor SOCKET close|keepalive
 * Prints "listening" once the socket accepts, then serves until SIGTERM. bench/rpc.py compiles it with cc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_FD 65536
#define BUFFER 8192

/* Same bytes as a getState answer (supervisord's body is 279 bytes, its head 143). */
static const char BODY[] =
    "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n<member>\n<name>statecode</name>\n"
    "<value><int>1</int></value>\n</member>\n<member>\n<name>statename</name>\n<value><string>RUNNING</string></value>\n"
    "</member>\n</struct></value>\n</param>\n</params>\n</methodResponse>\n";

struct conn {
    char *buf;
    int len;
    int watched;
};

static struct conn conns[MAX_FD];
static char answer[1024];
static int answer_len;
static int keepalive;
static int ep;

static void die(const char *what) {
    fprintf(stderr, "rpc-floor: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* Length of the whole request at the start of buf, or 0 while it is incomplete. */
static int request_length(const char *buf, int len) {
    const char *end = memmem(buf, len, "\r\n\r\n", 4);
    if (!end) {
        return 0;
    }
    int head = (int)(end - buf) + 4;
    long body = 0;
    for (const char *p = buf; p < end; p++) {
        if ((p == buf || p[-1] == '\n') && strncasecmp(p, "content-length:", 15) == 0) {
            body = strtol(p + 15, NULL, 10);
        }
    }
    return head + body <= len ? head + (int)body : 0;
}

static void finish(int fd) {
    free(conns[fd].buf);
    conns[fd].buf = NULL;
    conns[fd].len = 0;
    conns[fd].watched = 0;
    close(fd); /* also takes it out of the epoll set */
}

/* Reads what is there and answers every whole request; leaves the connection watched when it must wait. */
static void serve(int fd) {
    struct conn *c = &conns[fd];
    if (!c->buf && !(c->buf = malloc(BUFFER))) {
        die("malloc");
    }
    for (;;) {
        ssize_t n = recv(fd, c->buf + c->len, BUFFER - c->len, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) || (n > 0 && c->len + n == BUFFER)) {
            finish(fd);
            return;
        }
        if (n < 0) {
            break;
        }
        c->len += (int)n;
        int whole;
        while ((whole = request_length(c->buf, c->len)) > 0) {
            if (send(fd, answer, answer_len, MSG_NOSIGNAL) != answer_len || !keepalive) {
                finish(fd);
                return;
            }
            memmove(c->buf, c->buf + whole, c->len - whole);
            c->len -= whole;
        }
    }
    if (!c->watched) {
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
            die("epoll_ctl");
        }
        c->watched = 1;
    }
}

int main(int argc, char **argv) {
    if (argc != 3 || (strcmp(argv[2], "close") && strcmp(argv[2], "keepalive"))) {
        fprintf(stderr, "usage: rpc-floor SOCKET close|keepalive\n");
        return 2;
    }
    keepalive = strcmp(argv[2], "keepalive") == 0;
    answer_len = snprintf(answer, sizeof answer,
                          "HTTP/1.1 200 OK\r\nServer: Medusa/1.12\r\nDate: Sun, 06 Dec 2026 00:00:00 GMT\r\n"
                          "Content-Type: text/xml\r\nContent-Length: %zu\r\n\r\n%s", sizeof BODY - 1, BODY);

    int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (listener < 0 || strlen(argv[1]) >= sizeof addr.sun_path) {
        die("socket");
    }
    strcpy(addr.sun_path, argv[1]);
    unlink(argv[1]);
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(listener, 512) < 0) {
        die("bind/listen");
    }
    if ((ep = epoll_create1(EPOLL_CLOEXEC)) < 0) {
        die("epoll_create1");
    }
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = listener};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev) < 0) {
        die("epoll_ctl");
    }
    printf("listening\n");
    fflush(stdout);

    struct epoll_event events[64];
    for (;;) {
        int n = epoll_wait(ep, events, 64, -1);
        if (n < 0 && errno != EINTR) {
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd != listener) {
                serve(fd);
                continue;
            }
            int client;
            while ((client = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                if (client >= MAX_FD) {
                    close(client);
                    continue;
                }
                serve(client);
            }
        }
    }
}
