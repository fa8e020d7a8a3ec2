"""Reads a log that rotates many times a second, through every reader the daemon has, and prints a JSON summary:
calls per reader, the failures (a fault, a non-200 answer, an exception) and how many rotations were seen (the
log file's inode changing between two looks: a lower bound).

With "clear" after SECONDS, a second client clears the log in a loop instead (/logtail is left out), and
"rotations" counts the clears.

usage: rotation_reads.py SOCKET LOGFILE PROGRAM SECONDS [clear]"""
import http.client
import json
import os
import socket
import sys
import threading
import time
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

socket_path, logfile, program, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
proxy = xmlrpc.client.ServerProxy(
    'http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + socket_path))


class UnixConnection(http.client.HTTPConnection):
    def __init__(self):
        super().__init__('localhost', timeout=20)

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(20)
        self.sock.connect(socket_path)


def get_status(path, read=None):
    connection = UnixConnection()
    try:
        connection.request('GET', path)
        response = connection.getresponse()
        # /logtail streams until the client leaves: its first bytes are enough.
        body = response.read(read) if read else response.read()
        return response.status, body
    finally:
        connection.close()


calls = {'readProcessStdoutLog': 0, 'tailProcessStdoutLog': 0, 'logtail': 0, 'api': 0}
failures = []
rotations = 0
inode = None


def look():
    global inode, rotations
    try:
        now = os.stat(logfile).st_ino
    except FileNotFoundError:
        return
    if inode is not None and now != inode:
        rotations += 1
    inode = now


def attempt(name, action):
    look()
    try:
        problem = action()
    except Exception as e:  # a fault or a broken answer: what the test is about
        problem = '%s: %s' % (type(e).__name__, e)
    calls[name] += 1
    if problem:
        failures.append('%s: %s' % (name, problem))


def logtail():
    status, _ = get_status('/logtail/' + program, read=1)
    return None if status == 200 else 'HTTP %d' % status


def api():
    status, body = get_status('/api/v1/processes/%s/log/stdout?offset=0&length=100' % program)
    return None if status == 200 else 'HTTP %d %s' % (status, body[:200])


end = time.monotonic() + seconds
clearer = None
if sys.argv[5:] == ['clear']:
    def clear_loop():
        global rotations
        clearing = xmlrpc.client.ServerProxy(
            'http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + socket_path))
        while time.monotonic() < end:
            clearing.supervisor.clearProcessLogs(program)
            rotations += 1
    look = lambda: None
    del calls['logtail']
    clearer = threading.Thread(target=clear_loop)
    clearer.start()
while time.monotonic() < end:
    attempt('readProcessStdoutLog', lambda: proxy.supervisor.readProcessStdoutLog(program, -100, 0) and None)
    attempt('tailProcessStdoutLog', lambda: proxy.supervisor.tailProcessStdoutLog(program, 0, 100) and None)
    if not clearer:
        # A cleared log has no bytes for /logtail to start with: it would wait for the program's next line.
        attempt('logtail', logtail)
    attempt('api', api)
if clearer:
    clearer.join()
print(json.dumps({'calls': calls, 'failures': failures[:20], 'failed': len(failures), 'rotations': rotations}))
