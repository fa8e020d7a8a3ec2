#!/usr/bin/env python3
"""What the daemon itself spends, supernetd beside supervisord 4.2.5 in one run:
  - CPU per RPC: daemon CPU time (utime+stime) over N supervisor.getAllProcessInfo calls with 100 programs
  - crash-loop cost: a program that exits at once (startsecs=0, autorestart=true) for a fixed window:
    spawns made and daemon CPU per spawn
  - log throughput: one program writes M MiB to stdout into a stdout_logfile (no rotation): MiB/s until the
    file holds it all, and daemon CPU per MiB
Usage: /usr/bin/python3 bench/daemon-cost.py [--bin artifacts/bin] [--calls 500] [--window 10] [--mib 100] [--json f]
"""
import argparse, json, os, shutil, signal, subprocess, sys, tempfile, time
import xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine import running_count, wait_until  # noqa: E402  (same log polling as the engine bench)

# In nanoseconds: a crash loop costs supernetd under one 10 ms tick in its whole window.
from rpc import cpu_seconds  # noqa: E402


def start(daemon, programs):
    d = tempfile.mkdtemp(prefix="sn-costbench-")
    with open(os.path.join(d, "supervisord.conf"), "w") as f:
        f.write(f"""[supervisord]
logfile={d}/main.log
pidfile={d}/sv.pid
childlogdir={d}
silent=true

[unix_http_server]
file={d}/sv.sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
""" + programs.format(d=d))
    proc = subprocess.Popen([daemon, "-n", "-c", os.path.join(d, "supervisord.conf")], cwd=d,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return d, proc


def stop(d, proc):
    proc.send_signal(signal.SIGTERM)
    proc.wait(120)
    shutil.rmtree(d, ignore_errors=True)


def rpc_cost(daemon, calls):
    d, proc = start(daemon, """[program:p]
command=/bin/sleep 100000
numprocs=100
process_name=%(program_name)s_%(process_num)03d
startsecs=0
stdout_logfile=NONE
stderr_logfile=NONE
""")
    try:
        wait_until(lambda: running_count(d) >= 100, 120)
        proxy = xmlrpc.client.ServerProxy("http://127.0.0.1", transport=SupervisorTransport(None, None, f"unix://{d}/sv.sock"))
        proxy.supervisor.getAllProcessInfo()
        before = cpu_seconds(proc.pid)
        for _ in range(calls):
            proxy.supervisor.getAllProcessInfo()
        return (cpu_seconds(proc.pid) - before) / calls * 1000
    finally:
        stop(d, proc)


def crash_loop(daemon, window):
    d, proc = start(daemon, """[program:crasher]
command=/bin/false
startsecs=0
autorestart=true
stdout_logfile=NONE
stderr_logfile=NONE
""")
    try:
        wait_until(lambda: spawns(d) >= 2, 60)
        n0, c0 = spawns(d), cpu_seconds(proc.pid)
        time.sleep(window)
        n, c = spawns(d) - n0, cpu_seconds(proc.pid) - c0
        return dict(spawns_per_s=n / window, cpu_ms_per_spawn=c / n * 1000 if n else None, cpu_percent=c / window * 100)
    finally:
        stop(d, proc)


def spawns(d):
    try:
        with open(os.path.join(d, "main.log")) as f:
            return sum(1 for line in f if "spawned: 'crasher'" in line)
    except FileNotFoundError:
        return 0


def log_throughput(daemon, mib):
    d, proc = start(daemon, f"""[program:writer]
command=/bin/sh -c 'sleep 1; exec head -c {mib * 1048576} /dev/zero'
startsecs=0
autorestart=false
stdout_logfile={{d}}/writer.log
stdout_logfile_maxbytes=0
""")
    path = os.path.join(d, "writer.log")
    try:
        wait_until(lambda: os.path.exists(path), 60)
        c0, t0 = cpu_seconds(proc.pid), time.monotonic()
        wait_until(lambda: os.path.getsize(path) >= mib * 1048576, 600)
        elapsed, cpu = time.monotonic() - t0 - 1, cpu_seconds(proc.pid) - c0
        return dict(mib_per_s=mib / elapsed, cpu_ms_per_mib=cpu / mib * 1000)
    finally:
        stop(d, proc)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "artifacts", "bin"))
    ap.add_argument("--calls", type=int, default=500)
    ap.add_argument("--window", type=int, default=10)
    ap.add_argument("--mib", type=int, default=100)
    ap.add_argument("--json", help="also write the measurements to this file (bench/plot.py reads it)")
    a = ap.parse_args()
    daemons = {"supernetd": os.path.abspath(os.path.join(a.bin, "supernetd")), "supervisord": "/usr/bin/supervisord"}
    out = dict(bench="daemon-cost", calls=a.calls, window_s=a.window, mib=a.mib,
               rpc_cpu_ms={}, crash_loop={}, log={})
    for name, path in daemons.items():
        out["rpc_cpu_ms"][name] = rpc_cost(path, a.calls)
        out["crash_loop"][name] = crash_loop(path, a.window)
        out["log"][name] = log_throughput(path, a.mib)
    out["loadavg"] = os.getloadavg()
    print(f"{'':44} {'supernetd':>12} {'supervisord':>12}")
    row = lambda label, f: print(f"{label:44} " + " ".join(f"{f(n):12.3f}" for n in daemons))
    row(f"daemon CPU ms per getAllProcessInfo (100)", lambda n: out["rpc_cpu_ms"][n])
    row(f"crash loop: spawns per second", lambda n: out["crash_loop"][n]["spawns_per_s"])
    row(f"crash loop: daemon CPU ms per spawn", lambda n: float("nan") if out["crash_loop"][n]["cpu_ms_per_spawn"] is None else out["crash_loop"][n]["cpu_ms_per_spawn"])
    row(f"crash loop: daemon CPU %", lambda n: out["crash_loop"][n]["cpu_percent"])
    row(f"log: MiB/s into stdout_logfile ({a.mib} MiB)", lambda n: out["log"][n]["mib_per_s"])
    row(f"log: daemon CPU ms per MiB", lambda n: out["log"][n]["cpu_ms_per_mib"])
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
