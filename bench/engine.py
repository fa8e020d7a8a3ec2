#!/usr/bin/env python3
"""Engine benchmark: supernetd beside supervisord 4.2.5 in one run.

For N `sleep` programs (startsecs=0) it measures, for each daemon:
  - time from launching the daemon until the main log shows all N programs RUNNING
  - the daemon's RSS once they are all running (from /proc/<pid>/status VmRSS)
  - voluntary context switches of the daemon over an idle window (100 programs)
  - shutdown time with 1 program (SIGTERM to exit)
Usage: bench/engine.py [--bin artifacts/bin] [--counts 100,1000] [--idle 20] [--json results.json]
"""
import argparse, json, os, re, shutil, signal, subprocess, sys, tempfile, time

LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) (\w+) (.*)$")


def config(d, n, startsecs=0):
    parts = [f"""[supervisord]
logfile={d}/main.log
pidfile={d}/sv.pid
childlogdir={d}
silent=true
minfds={max(1024, n * 4 + 64)}
minprocs={max(200, n + 64)}

[unix_http_server]
file={d}/sv.sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
"""]
    for i in range(n):
        parts.append(f"""[program:p{i:04d}]
command=/bin/sleep 100000
startsecs={startsecs}
stdout_logfile=NONE
stderr_logfile=NONE
""")
    path = os.path.join(d, "supervisord.conf")
    with open(path, "w") as f:
        f.write("\n".join(parts))
    return path


def running_count(d):
    try:
        with open(os.path.join(d, "main.log")) as f:
            return sum(1 for l in f if "entered RUNNING state" in l)
    except FileNotFoundError:
        return 0


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for l in f:
            if l.startswith("VmRSS:"):
                return int(l.split()[1])
    return -1


def ctx_switches(pid):
    with open(f"/proc/{pid}/status") as f:
        for l in f:
            if l.startswith("voluntary_ctxt_switches:"):
                return int(l.split()[1])
    return -1


def tree_ctx_switches(pid):
    # Per thread of the daemon (/proc/pid/task/*/status): {tid: voluntary switches}.
    counts = {}
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{t}/status") as f:
                for l in f:
                    if l.startswith("voluntary_ctxt_switches:"):
                        counts[t] = int(l.split()[1])
        except FileNotFoundError:
            pass  # the thread ended while we listed
    return counts


def ctx_delta(before, after):
    # Threads alive at the end: their growth (new threads count from 0). A thread that ended in the window
    # (e.g. a retiring thread-pool worker) would otherwise subtract its whole history from a plain sum.
    return sum(n - before.get(t, 0) for t, n in after.items())


def launch(cmd, d):
    return subprocess.Popen(cmd, cwd=d, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_until(pred, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.005)
    return False


def one(name, argv, n, idle):
    d = tempfile.mkdtemp(prefix=f"bench-{name}-")
    cfg = config(d, n)
    t0 = time.monotonic()
    p = launch(argv + ["-n", "-c", cfg], d)
    ok = wait_until(lambda: running_count(d) >= n, 120)
    t_run = time.monotonic() - t0
    rss = rss_kib(p.pid)
    idle_cs = None
    if idle:
        time.sleep(1)
        a = tree_ctx_switches(p.pid)
        time.sleep(idle)
        idle_cs = ctx_delta(a, tree_ctx_switches(p.pid))
    t1 = time.monotonic()
    p.send_signal(signal.SIGTERM)
    p.wait(300)
    t_stop = time.monotonic() - t1
    shutil.rmtree(d, ignore_errors=True)
    return dict(ok=ok, running=t_run, rss_mib=rss / 1024, idle_cs=idle_cs, stop=t_stop, code=p.returncode)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "artifacts", "bin"))
    ap.add_argument("--counts", default="100,1000")
    ap.add_argument("--idle", type=int, default=20)
    ap.add_argument("--json", help="also write every measurement to this file (bench/plot.py reads it)")
    a = ap.parse_args()
    daemons = {
        "supernetd": [os.path.abspath(os.path.join(a.bin, "supernetd"))],
        "supervisord": ["/usr/bin/supervisord"],
    }
    results = []
    print(f"{'daemon':12} {'N':>5} {'all RUNNING s':>14} {'RSS MiB':>8} {'idle vol. ctxsw':>16} {'stop s':>7} exit")
    for n in [int(x) for x in a.counts.split(",")]:
        for name, argv in daemons.items():
            r = one(name, argv, n, a.idle if n == 100 else 0)
            results.append(dict(daemon=name, programs=n, **r))
            print(f"{name:12} {n:5d} {r['running']:14.3f} {r['rss_mib']:8.1f} {str(r['idle_cs']):>16} {r['stop']:7.3f} {r['code']}"
                  + ("" if r["ok"] else "  (NOT all running)"))
    for name, argv in daemons.items():
        r = one(name, argv, 1, 0)
        results.append(dict(daemon=name, programs=1, shutdown_only=True, **r))
        print(f"{name:12} {1:5d} {r['running']:14.3f} {r['rss_mib']:8.1f} {'-':>16} {r['stop']:7.3f} {r['code']}  (shutdown with 1 program)")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(bench="engine", loadavg=os.getloadavg(), results=results), f, indent=1)


if __name__ == "__main__":
    main()
