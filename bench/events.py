#!/usr/bin/env python3
"""Event delivery benchmark: supernetd beside supervisord 4.2.5 in one run.

One childutils listener (OK to everything) subscribed to REMOTE_COMMUNICATION. N events are sent in one
system.multicall of supervisor.sendRemoteCommEvent; the figure is the time from the call until the listener
has received all N, and the resulting events per second. Also the daemon's voluntary context switches (all threads) over an
idle window with the listener subscribed to TICK_5 (one wake-up per 5 s is due) and without tick listeners.
Usage: /usr/bin/python3 bench/events.py [--bin artifacts/bin] [--events 2000] [--idle 20] [--json results.json]
"""
import argparse, json, os, shutil, signal, subprocess, sys, tempfile, time
import xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine import ctx_delta, tree_ctx_switches  # noqa: E402  (per-thread counting, shared with the engine bench)

LISTENER = r'''
import sys
from supervisor import childutils
out = open(sys.argv[1], "a", buffering=1)
while True:
    headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
    out.write(headers["serial"] + "\n")
    childutils.listener.ok(sys.stdout)
'''


def config(d, events, buffer_size):
    with open(os.path.join(d, "listener.py"), "w") as f:
        f.write(LISTENER)
    path = os.path.join(d, "supervisord.conf")
    with open(path, "w") as f:
        f.write(f"""[supervisord]
logfile={d}/main.log
pidfile={d}/sv.pid
childlogdir={d}
silent=true

[unix_http_server]
file={d}/sv.sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[eventlistener:listen]
command=/usr/bin/python3 {d}/listener.py {d}/got.txt
events={events}
buffer_size={buffer_size}
startsecs=0
stdout_logfile=NONE
stderr_logfile=NONE
""")
    return path


def lines(path):
    try:
        with open(path) as f:
            return sum(1 for _ in f)
    except FileNotFoundError:
        return 0


def wait(cond, timeout=120):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.005)
    return False


def start(daemon, d, events, buffer_size):
    conf = config(d, events, buffer_size)
    proc = subprocess.Popen([daemon, "-n", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    def connect():
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=SupervisorTransport(None, None, f"unix://{d}/sv.sock"))

    def ready():
        # A transport that failed once (no socket yet) stays failed: a fresh proxy per attempt.
        try:
            return connect().supervisor.getProcessInfo("listen")["statename"] == "RUNNING"
        except Exception:
            return False
    if not wait(ready, 30):
        proc.kill()
        sys.exit(f"{daemon}: listener never RUNNING")
    return proc, connect()


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    proc.wait(60)


def throughput(daemon, n):
    d = tempfile.mkdtemp(prefix="sn-evbench-")
    try:
        proc, server = start(daemon, d, "REMOTE_COMMUNICATION", n + 10)
        got = os.path.join(d, "got.txt")
        calls = [{"methodName": "supervisor.sendRemoteCommEvent", "params": ["bench", str(i)]} for i in range(n)]
        t0 = time.monotonic()
        server.system.multicall(calls)
        ok = wait(lambda: lines(got) >= n)
        elapsed = time.monotonic() - t0
        stop(proc)
        return elapsed if ok else float("nan")
    finally:
        shutil.rmtree(d, ignore_errors=True)


def idle(daemon, events, seconds):
    d = tempfile.mkdtemp(prefix="sn-evbench-")
    try:
        proc, _ = start(daemon, d, events, 10)
        time.sleep(1)
        before = tree_ctx_switches(proc.pid)
        time.sleep(seconds)
        after = tree_ctx_switches(proc.pid)
        stop(proc)
        return ctx_delta(before, after)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", default="artifacts/bin")
    p.add_argument("--events", type=int, default=2000)
    p.add_argument("--idle", type=int, default=20)
    p.add_argument("--json", help="also write the measurements to this file (bench/plot.py reads it)")
    a = p.parse_args()
    daemons = [("supernetd", os.path.join(a.bin, "supernetd")), ("supervisord", "/usr/bin/supervisord")]
    print(f"{'':46} {'supernetd':>12} {'supervisord':>12}")
    t = [throughput(path, a.events) for _, path in daemons]
    print(f"{f'{a.events} REMOTE_COMMUNICATION events delivered (s)':46} {t[0]:12.3f} {t[1]:12.3f}")
    print(f"{'  events per second':46} {a.events / t[0]:12.0f} {a.events / t[1]:12.0f}")
    idle_cs = {}
    for events in ["REMOTE_COMMUNICATION", "TICK_5"]:
        c = [idle(path, events, a.idle) for _, path in daemons]
        idle_cs[events] = dict(zip([name for name, _ in daemons], c))
        print(f"{f'idle voluntary ctx switches, {a.idle} s, {events}':46} {c[0]:12d} {c[1]:12d}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(bench="events", loadavg=os.getloadavg(), events=a.events, idle_seconds=a.idle,
                           delivery_s=dict(zip([name for name, _ in daemons], t)), idle_ctx_switches=idle_cs), f, indent=1)


if __name__ == "__main__":
    main()
