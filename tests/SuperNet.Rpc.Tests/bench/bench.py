#!/usr/bin/python3
"""Measures supervisord 4.2.5 and SuperNet's control server (RpcBench, Native AOT, static backend) in one run,
through the same Python client (xmlrpc.client + SupervisorTransport, one persistent connection per client):
getState and getAllProcessInfo calls/s with 100 programs and 1 or 8 clients, and getAllProcessInfo latency at
1000 programs. Not a test: it prints numbers.

usage: bench.py <path to the published RpcBench binary> [seconds per measurement]
"""
import multiprocessing, os, shutil, statistics, subprocess, sys, tempfile, time, xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport


def proxy(sock):
    return xmlrpc.client.ServerProxy("http://127.0.0.1", SupervisorTransport(None, None, "unix://" + sock))


def worker(sock, method, seconds, out):
    p = proxy(sock)
    call = getattr(p.supervisor, method)
    n = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        call()
        n += 1
    out.put(n)


def rate(sock, method, clients, seconds):
    out = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=worker, args=(sock, method, seconds, out)) for _ in range(clients)]
    for p in procs:
        p.start()
    total = sum(out.get() for _ in procs)
    for p in procs:
        p.join()
    return total / seconds


def latency(sock, method, calls=15):
    p = proxy(sock)
    call = getattr(p.supervisor, method)
    call()
    samples = []
    for _ in range(calls):
        t = time.perf_counter()
        call()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def wait_for(sock):
    deadline = time.time() + 120
    while True:
        try:
            proxy(sock).supervisor.getState()
            return
        except Exception:
            if time.time() > deadline:
                raise
            time.sleep(0.1)


def supervisord(work, n):
    conf = os.path.join(work, "sv.conf")
    with open(conf, "w") as f:
        f.write(f"[unix_http_server]\nfile={work}/sv.sock\n[supervisord]\nlogfile={work}/sv.log\npidfile={work}/sv.pid\n"
                "nodaemon=true\n[rpcinterface:supervisor]\n"
                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n")
        for i in range(n):
            f.write(f"[program:prog_{i:04d}]\ncommand=sleep 1000\nautostart=false\nstdout_logfile={work}/p{i}.log\n")
    return subprocess.Popen(["/usr/bin/supervisord", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), f"{work}/sv.sock"


def supernet(binary, work, n):
    return subprocess.Popen([binary, f"{work}/sn.sock", str(n)]), f"{work}/sn.sock"


def measure(start, binary, seconds):
    rows = {}
    for n in (100, 1000):
        work = tempfile.mkdtemp(prefix="snbench")
        proc, sock = start(binary, work, n) if start is supernet else start(work, n)
        try:
            wait_for(sock)
            if n == 100:
                for method in ("getState", "getAllProcessInfo"):
                    for clients in (1, 8):
                        rows[f"{method} calls/s, 100 programs, {clients} client(s)"] = rate(sock, method, clients, seconds)
            else:
                rows["getAllProcessInfo latency ms, 1000 programs"] = latency(sock, "getAllProcessInfo")
        finally:
            proc.terminate()
            proc.wait(60)
            shutil.rmtree(work, ignore_errors=True)
    return rows


if __name__ == "__main__":
    binary = os.path.abspath(sys.argv[1])
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3
    ours = measure(supernet, binary, seconds)
    theirs = measure(supervisord, binary, seconds)
    print(f"{'measurement':55} {'supervisord 4.2.5':>18} {'SuperNet':>10}")
    for key in ours:
        print(f"{key:55} {theirs[key]:18.1f} {ours[key]:10.1f}")
