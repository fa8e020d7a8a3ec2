"""The part main_log_reads.py and rotation_reads.py share: an HTTP connection over the daemon's unix socket, and the
bookkeeping of their read loop: calls per reader, the failures (a fault, a non-200 answer, an exception) and how
many times the log was replaced, either seen (the file's inode changing between two looks: a lower bound) or
counted by the caller (one clear made by a second client)."""
import http.client
import os
import socket
import threading


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, socket_path):
        super().__init__('localhost', timeout=20)
        self.socket_path = socket_path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(20)
        self.sock.connect(self.socket_path)


class ReadLoop:
    """With watch=False the caller counts the replacements itself (replaced += 1): the inode is not looked at."""

    def __init__(self, logfile, readers, watch=True):
        self.logfile = logfile
        self.calls = {name: 0 for name in readers}
        self.failures = []
        self.replaced = 0
        self.watch = watch
        self.inode = None
        # Python's default only prints an exception that ends another thread (the clearing client) and carries on:
        # the summary would say nothing failed. Every thread's uncaught exception is a failure here.
        threading.excepthook = self.thread_failed

    def thread_failed(self, args):
        self.failures.append('thread %s: %s: %s' % (args.thread.name if args.thread else '?', args.exc_type.__name__, args.exc_value))

    def look(self):
        try:
            now = os.stat(self.logfile).st_ino
        except FileNotFoundError:
            return
        if self.inode is not None and now != self.inode:
            self.replaced += 1
        self.inode = now

    def attempt(self, name, action):
        """Runs one read; action returns None, or what was wrong with the answer."""
        if self.watch:
            self.look()
        try:
            problem = action()
        except Exception as e:  # a fault or a broken answer: what the tests are about
            problem = '%s: %s' % (type(e).__name__, e)
        self.calls[name] += 1
        if problem:
            self.failures.append('%s: %s' % (name, problem))

    def summary(self, replaced_key):
        """The JSON object the C# tests read; replaced_key names the count of replacements."""
        return {'calls': self.calls, 'failures': self.failures[:20], 'failed': len(self.failures), replaced_key: self.replaced}
