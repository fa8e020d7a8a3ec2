"""Reads the main log through readLog and /mainlogtail while it rotates many times a second, or while a second
client clears it in a loop ("clear"), and prints a JSON summary: calls per reader, the failures (a fault, a
non-200 answer, an exception) and how many times the log was replaced (inode changes seen, or clears made).

usage: main_log_reads.py SOCKET LOGFILE SECONDS [clear]"""
import json
import sys
import threading
import time
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

from log_read_loop import ReadLoop, UnixConnection

socket_path, logfile, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
clearing = sys.argv[4:] == ['clear']


def proxy():
    return xmlrpc.client.ServerProxy(
        'http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + socket_path))


def mainlogtail():
    connection = UnixConnection(socket_path)
    try:
        connection.request('GET', '/mainlogtail')
        response = connection.getresponse()
        # The tail streams until the client leaves: its status is what counts here.
        return None if response.status == 200 else 'HTTP %d' % response.status
    finally:
        connection.close()


loop = ReadLoop(logfile, ['readLog', 'mainlogtail'], watch=not clearing)
reader = proxy()


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
        client = proxy()
        while time.monotonic() < end:
            client.supervisor.clearLog()
            loop.replaced += 1
    clearer = threading.Thread(target=clear_loop)
    clearer.start()
while time.monotonic() < end:
    loop.attempt('readLog', lambda: reader.supervisor.readLog(-100, 0) and None)
    loop.attempt('mainlogtail', mainlogtail)
if clearer:
    clearer.join()
print(json.dumps(loop.summary('replaced')))
