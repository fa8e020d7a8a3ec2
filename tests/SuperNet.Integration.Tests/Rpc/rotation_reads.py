"""Reads a log that rotates many times a second, through every reader the daemon has, and prints a JSON summary:
calls per reader, the failures (a fault, a non-200 answer, an exception) and how many rotations were seen (the
log file's inode changing between two looks: a lower bound).

With "clear" after SECONDS, a second client clears the log in a loop instead (/logtail is left out), and
"rotations" counts the clears.

usage: rotation_reads.py SOCKET LOGFILE PROGRAM SECONDS [clear]"""
import json
import sys
import threading
import time
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

from log_read_loop import ReadLoop, UnixConnection

socket_path, logfile, program, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
proxy = xmlrpc.client.ServerProxy(
    'http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + socket_path))


def get_status(path, read=None):
    connection = UnixConnection(socket_path)
    try:
        connection.request('GET', path)
        response = connection.getresponse()
        # /logtail streams until the client leaves: its first bytes are enough.
        body = response.read(read) if read else response.read()
        return response.status, body
    finally:
        connection.close()


def logtail():
    status, _ = get_status('/logtail/' + program, read=1)
    return None if status == 200 else 'HTTP %d' % status


def api():
    status, body = get_status('/api/v1/processes/%s/log/stdout?offset=0&length=100' % program)
    return None if status == 200 else 'HTTP %d %s' % (status, body[:200])


clearing = sys.argv[5:] == ['clear']
# A cleared log has no bytes for /logtail to start with: it would wait for the program's next line.
readers = ['readProcessStdoutLog', 'tailProcessStdoutLog'] + ([] if clearing else ['logtail']) + ['api']
loop = ReadLoop(logfile, readers, watch=not clearing)
end = time.monotonic() + seconds
clearer = None
if clearing:
    def clear_loop():
        client = xmlrpc.client.ServerProxy(
            'http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + socket_path))
        while time.monotonic() < end:
            client.supervisor.clearProcessLogs(program)
            loop.replaced += 1
    clearer = threading.Thread(target=clear_loop)
    clearer.start()
while time.monotonic() < end:
    loop.attempt('readProcessStdoutLog', lambda: proxy.supervisor.readProcessStdoutLog(program, -100, 0) and None)
    loop.attempt('tailProcessStdoutLog', lambda: proxy.supervisor.tailProcessStdoutLog(program, 0, 100) and None)
    if not clearing:
        loop.attempt('logtail', logtail)
    loop.attempt('api', api)
if clearer:
    clearer.join()
print(json.dumps(loop.summary('rotations')))
