#!/usr/bin/python3
"""docs/reliability.md, "Connection flood": usage bench/flood.py SOCKET DAEMON_PID N SIZE [PUSH_SECONDS].
Flood a daemon's unix socket with N connections each holding an unfinished HTTP head of SIZE bytes,
then report the daemon's RSS and how long a real call takes while the flood is held."""
import socket, sys, time, os, xmlrpc.client, http.client, json, select

path, pid, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
push_s = float(sys.argv[5]) if len(sys.argv) > 5 else 60
def rss(pid):
    for l in open(f"/proc/{pid}/status"):
        if l.startswith("VmRSS"): return int(l.split()[1])
def fds(pid): return len(os.listdir(f"/proc/{pid}/fd"))
head = b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-Pad-%05d: %s\r\n" % (i, b"a" * 80) for i in range(size // 94 + 1))
head = head[:size]
before = rss(pid); fd0 = fds(pid)
t0 = time.time()
todo = n; sent = {}; sendfail = 0; connected = 0; peak = before
p = select.poll(); byfd = {}; held = []
end = time.time() + push_s
while time.time() < end and (todo or sent):
    while todo:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.setblocking(False)
        try:
            s.connect(path)
        except BlockingIOError:
            s.close(); break      # backlog full: try again after a poll round
        todo -= 1; connected += 1; held.append(s); sent[s] = 0; byfd[s.fileno()] = s; p.register(s, select.POLLOUT)
    for fd, ev in p.poll(100):
        s = byfd[fd]
        try:
            sent[s] += s.send(head[sent[s]:])
        except BlockingIOError:
            continue
        except OSError:
            sendfail += 1; del sent[s]; p.unregister(fd); continue
        if sent[s] >= len(head):
            del sent[s]; p.unregister(fd)
    peak = max(peak, rss(pid))
t1 = time.time()
deadline = time.time() + 5
while time.time() < deadline:
    time.sleep(0.2); peak = max(peak, rss(pid))
during = rss(pid); fd1 = fds(pid)

class UnixConn(http.client.HTTPConnection):
    def __init__(self): super().__init__("localhost", timeout=300)
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); self.sock.settimeout(300); self.sock.connect(path)
class T(xmlrpc.client.Transport):
    def make_connection(self, host): return UnixConn()
c0 = time.time()
try:
    st = xmlrpc.client.ServerProxy("http://localhost", transport=T()).supervisor.getState()["statename"]; err = None
except Exception as e:
    st = None; err = repr(e)
c1 = time.time()
print(json.dumps({"n": n, "size": size, "push_s": round(t1 - t0, 2), "connected": connected, "sendfail": sendfail,
  "unsent": len(sent), "rss_before_kib": before, "rss_peak_kib": peak, "rss_during_kib": during, "fds_before": fd0,
  "fds_during": fd1, "call_s": round(c1 - c0, 2), "state": st, "err": err}), flush=True)
for s in held: s.close()
time.sleep(float(os.environ.get("AFTER", "3")))
print(json.dumps({"rss_after_close_kib": rss(pid), "fds_after": fds(pid)}))
