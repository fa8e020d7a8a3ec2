"""supervisorctl tail -f NAME while lines are written to NAME's stdin (a cat): one that makes the log rotate, then
a clearProcessLogs; prints what tail -f showed, so runs against supernetd and supervisord 4.2.5 compare.

usage: logtail_follow.py SOCKET CONFIG NAME"""
import os
import subprocess
import sys
import time
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

socket_path, config, name = sys.argv[1:4]
proxy = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + socket_path))
tail = subprocess.Popen(['/usr/bin/supervisorctl', '-c', config, 'tail', '-f', name], stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONUNBUFFERED='1'))
os.set_blocking(tail.stdout.fileno(), False)
seen = b''


def wait_for(text, timeout=20):
    global seen
    end = time.time() + timeout
    while text not in seen:
        if time.time() > end:
            sys.exit('tail -f never showed %r; it showed %r' % (text, seen))
        chunk = tail.stdout.read()
        if chunk:
            seen += chunk
        else:
            time.sleep(0.05)


def log_size():
    return proxy.supervisor.tailProcessStdoutLog(name, 0, 0)[1]


wait_for(b'Ctrl-C')
proxy.supervisor.sendProcessStdin(name, 'first ' + 'a' * 20 + '\n')
wait_for(b'first ')
# past maxbytes: written to the file, which then rotates (or, without backups, is emptied in place)
proxy.supervisor.sendProcessStdin(name, 'rotating ' + 'b' * 80 + '\n')
end = time.time() + 20
while log_size() != 0:
    if time.time() > end:
        sys.exit('the log never rotated')
    time.sleep(0.05)
proxy.supervisor.sendProcessStdin(name, 'after rotation\n')
wait_for(b'after rotation\n')
proxy.supervisor.clearProcessLogs(name)
proxy.supervisor.sendProcessStdin(name, 'after clear\n')
wait_for(b'after clear\n')
tail.kill()
tail.wait()
seen += tail.stdout.read() or b''
print(seen.decode())
