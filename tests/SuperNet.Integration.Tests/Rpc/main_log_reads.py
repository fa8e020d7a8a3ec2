"""Reads the main log through readLog and /mainlogtail while it rotates many times a second, or while a second
client clears it in a loop ("clear"), and prints a JSON summary: calls per reader, the failures (a fault, a
non-200 answer, an exception) and how many times the log was replaced (inode changes seen, or clears made).

usage: main_log_reads.py SOCKET LOGFILE SECONDS [clear]"""
import http.client
import json
import os
import socket
import sys
import threading
import time
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

socket_path, logfile, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
clearing = sys.argv[4:] == ['clear']


def proxy():
    return xmlrpc.client.ServerProxy(
        'http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + socket_path))


class UnixConnection(http.client.HTTPConnection):
    def __init__(self):
        super().__init__('localhost', timeout=20)

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(20)
        self.sock.connect(socket_path)


def mainlogtail():
    connection = UnixConnection()
    try:
        connection.request('GET', '/mainlogtail')
        response = connection.getresponse()
        # The tail streams until the client leaves: its status is what counts here.
        return None if response.status == 200 else 'HTTP %d' % response.status
    finally:
        connection.close()


calls = {'readLog': 0, 'mainlogtail': 0}
failures = []
replaced = 0
inode = None
reader = proxy()


def look():
    global inode, replaced
    try:
        now = os.stat(logfile).st_ino
    except FileNotFoundError:
        return
    if inode is not None and now != inode:
        replaced += 1
    inode = now


def attempt(name, action):
    if not clearing:
        look()
    try:
        problem = action()
    except Exception as e:  # a fault or a broken answer: what the test is about
        problem = '%s: %s' % (type(e).__name__, e)
    calls[name] += 1
    if problem:
        failures.append('%s: %s' % (name, problem))


# The daemon's first lines may already be rotated away: wait for the program through the API instead.
ready_by = time.monotonic() + 60
while True:
    try:
        if reader.supervisor.getProcessInfo('spew')['statename'] == 'RUNNING':
            break
    except Exception:
        if time.monotonic() > ready_by:
            raise
    time.sleep(0.05)

end = time.monotonic() + seconds
clearer = None
if clearing:
    def clear_loop():
        global replaced
        client = proxy()
        while time.monotonic() < end:
            client.supervisor.clearLog()
            replaced += 1
    clearer = threading.Thread(target=clear_loop)
    clearer.start()
while time.monotonic() < end:
    attempt('readLog', lambda: reader.supervisor.readLog(-100, 0) and None)
    attempt('mainlogtail', mainlogtail)
if clearer:
    clearer.join()
print(json.dumps({'calls': calls, 'failures': failures[:20], 'failed': len(failures), 'replaced': replaced}))
