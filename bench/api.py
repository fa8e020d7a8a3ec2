#!/usr/bin/env python3
"""JSON API and /metrics beside XML-RPC, in one run: daemon CPU per call.

For N programs (default 100 and 1000) on one supernetd it measures, over K calls each on one keep-alive
connection to the unix socket: XML-RPC supervisor.getAllProcessInfo, JSON GET /api/v1/processes and a
/metrics scrape; and the same getAllProcessInfo on supervisord 4.2.5 (at the counts up to --supervisord-max:
supervisord needs minutes to start 1000 programs). Then the daemon's context switches over an idle window
after the XML-RPC calls and again after the JSON and /metrics calls (the API adds no timer: the two agree).
Usage: /usr/bin/python3 bench/api.py [--bin artifacts/bin] [--counts 100,1000] [--calls 200] [--json f]
"""
import argparse, http.client, importlib.util, json, os, signal, socket, shutil, subprocess, sys, tempfile, time
import xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from engine import config, ctx_delta, running_count, tree_ctx_switches, wait_until  # noqa: E402

_spec = importlib.util.spec_from_file_location("daemon_cost", os.path.join(HERE, "daemon-cost.py"))
_cost = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_cost)
cpu_seconds = _cost.cpu_seconds


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def per_call(pid, calls, call):
    call()  # warm: first-use costs (JIT-free under AOT, but buffers and caches) are not the steady state
    c0, t0 = cpu_seconds(pid), time.monotonic()
    for _ in range(calls):
        call()
    return dict(cpu_ms=(cpu_seconds(pid) - c0) / calls * 1000, wall_ms=(time.monotonic() - t0) / calls * 1000)


def idle_switches(pid, idle):
    # The runtime's own thread-pool threads settle after traffic; what is counted is the window after that second.
    time.sleep(1)
    before = tree_ctx_switches(pid)
    time.sleep(idle)
    return ctx_delta(before, tree_ctx_switches(pid))


def measure(name, daemon, n, calls, idle):
    d = tempfile.mkdtemp(prefix=f"bench-api-{name}-")
    cfg = config(d, n)
    p = subprocess.Popen([daemon, "-n", "-c", cfg], cwd=d, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not wait_until(lambda: running_count(d) >= n, 900):
            raise SystemExit(f"{name}: {n} programs not RUNNING")
        sock = os.path.join(d, "sv.sock")
        proxy = xmlrpc.client.ServerProxy("http://127.0.0.1", transport=SupervisorTransport(None, None, "unix://" + sock))
        out = dict(xmlrpc=per_call(p.pid, calls, lambda: proxy.supervisor.getAllProcessInfo()))
        if name == "supernetd":
            out["idle_cs_xmlrpc"] = idle_switches(p.pid, idle)
            conn = UnixHTTPConnection(sock)

            def get(path):
                def call():
                    conn.request("GET", path)
                    r = conn.getresponse()
                    body = r.read()
                    assert r.status == 200, (r.status, body[:200])
                    if path.startswith("/api"):
                        assert len(json.loads(body)) == n
                return call
            out["json"] = per_call(p.pid, calls, get("/api/v1/processes"))
            out["metrics"] = per_call(p.pid, calls, get("/metrics"))
            conn.close()
            out["idle_cs"] = idle_switches(p.pid, idle)
        return out
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(600)
        shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "artifacts", "bin"))
    ap.add_argument("--counts", default="100,1000")
    ap.add_argument("--calls", type=int, default=200)
    ap.add_argument("--idle", type=int, default=5)
    ap.add_argument("--supervisord-max", type=int, default=100)
    ap.add_argument("--json", help="also write the measurements to this file")
    a = ap.parse_args()
    supernetd = os.path.abspath(os.path.join(a.bin, "supernetd"))
    out = dict(bench="api", calls=a.calls, results={})
    for n in [int(c) for c in a.counts.split(",")]:
        r = dict(supernetd=measure("supernetd", supernetd, n, a.calls, a.idle))
        if n <= a.supervisord_max:
            r["supervisord"] = measure("supervisord", "/usr/bin/supervisord", n, a.calls, a.idle)
        out["results"][n] = r
    out["loadavg"] = os.getloadavg()
    print(f"{'daemon CPU ms per call (wall ms)':44} {'supernetd':>18} {'supervisord':>18}")
    for n, r in out["results"].items():
        cell = lambda m: f"{m['cpu_ms']:8.3f} ({m['wall_ms']:7.2f})"
        sv = cell(r["supervisord"]["xmlrpc"]) if "supervisord" in r else f"{'-':>18}"
        print(f"{f'XML-RPC getAllProcessInfo, {n} programs':44} {cell(r['supernetd']['xmlrpc']):>18} {sv:>18}")
        print(f"{f'JSON GET /api/v1/processes, {n} programs':44} {cell(r['supernetd']['json']):>18}")
        print(f"{f'GET /metrics, {n} programs':44} {cell(r['supernetd']['metrics']):>18}")
        print(f"{f'idle context switches, {a.idle} s after XML-RPC':44} {r['supernetd']['idle_cs_xmlrpc']:>18}")
        print(f"{f'idle context switches, {a.idle} s after JSON+metrics':44} {r['supernetd']['idle_cs']:>18}")
    print(f"load average {out['loadavg'][0]:.2f}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
