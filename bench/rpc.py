#!/usr/bin/env python3
"""The control plane's cost, supernetd beside supervisord 4.2.5 in one run (issue 9's targets):
  - daemon CPU per call (the process's CPU clock in ns, all threads, over N calls), a new connection per call as supervisorctl
    makes: getState, and getAllProcessInfo at 100 and 1000 programs; plus the wall time of one getAllProcessInfo
    (request sent to last answer byte, no client-side parsing)
  - client cost on the same daemon (supernetd): `supernetctl status` beside `supervisorctl status` at 100 programs,
    and `supernetctl help` (no server), CPU from the children's rusage
  - scale, supernetd only (supervisord takes minutes to load it): numprocs=100000, getAllProcessInfo time and how far
    the daemon's RSS rises above its steady value while answering (peak sampled from VmHWM after clear_refs)
  - the getState floor (bench/rpc-floor.c, compiled with cc; columns "floor" and "floor-ka"): a minimal epoll server
    answering the same bytes, closing at once or, like the daemons, waiting for the client's close (keep-alive)
The 100-program configs run /bin/sleep (RUNNING processes, as a real status shows); the larger ones are
autostart=false (stopped) so the bench measures the answer, not 1000 spawns.
Each per-call figure is taken after a warm-up on the same daemon, rounds of --warmup calls until one round faults no
page, whose own cost is printed apart ("first calls after start"): a new daemon touches its heap's pages for the first
time then (~2000 page faults for supernetd's first ~8 MiB, tens of microseconds each on a VM), once per life, as
supervisord does its own.
Usage: /usr/bin/python3 bench/rpc.py [--bin artifacts/bin] [--calls 300] [--warmup 500] [--big 100000] [--json f]
"""
import argparse, json, os, resource, shutil, signal, socket, statistics, subprocess, sys, tempfile, time
import xmlrpc.client

TICKS = os.sysconf("SC_CLK_TCK")
PY = "/usr/bin/python3"


def faults(pid):
    # minflt: field 10 of /proc/pid/stat. A first touch of a page costs the daemon tens of microseconds on a VM.
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[7])


def cpu_seconds(pid):
    # The process's CPU clock (clock_getcpuclockid: ((~pid) << 3) | CPUCLOCK_SCHED), every thread's and those that
    # ended, in nanoseconds. /proc/PID/stat's utime+stime count 10 ms ticks: over 2000 calls a 5 us step, half the
    # margin a 0.1x figure of ~45 us is judged by.
    try:
        return time.clock_gettime_ns(((~pid) << 3) | 2) / 1e9
    except OSError:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS


def status_kib(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise KeyError(key)


def start(daemon, programs, running):
    d = tempfile.mkdtemp(prefix="sn-rpcbench-")
    body = f"""[program:p]
command=/bin/sleep 100000
numprocs={programs}
process_name=%(program_name)s_%(process_num)06d
autostart={'true' if running else 'false'}
startsecs=0
stdout_logfile=NONE
stderr_logfile=NONE
"""
    conf = os.path.join(d, "supervisord.conf")
    with open(conf, "w") as f:
        f.write(f"""[supervisord]
logfile={d}/main.log
pidfile={d}/sv.pid
childlogdir={d}
silent=true
minfds=1024

[unix_http_server]
file={d}/sv.sock

[supervisorctl]
serverurl=unix://{d}/sv.sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

""" + body)
    proc = subprocess.Popen([daemon, "-n", "-c", conf], cwd=d,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return d, conf, proc


def stop(d, proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(300)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    shutil.rmtree(d, ignore_errors=True)


def request(method):
    body = (f"<?xml version='1.0'?>\n<methodCall>\n<methodName>{method}</methodName>\n<params>\n</params>\n"
            "</methodCall>\n").encode()
    # What xmlrpc.client sends through supervisor's transport (HTTP/1.1, one request, then the client closes).
    head = (f"POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: identity\r\nUser-Agent: bench\r\n"
            f"Content-Type: text/xml\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    return head + body


# One answer buffer for every call, grown once to the largest answer: a fresh buffer per call (Python's recv(n)
# allocating n bytes, then a bytearray growing) costs the client a page fault per 4 KiB touched, tens of microseconds
# each on a VM. At 1000 programs (1 MiB answers) that was 7-11 ms of the median "wall" against 0.5-0.7 ms for the
# same answers read into a reused buffer (2026-12-07): the client's allocator, not the daemon's answer.
_answer = bytearray(1 << 22)


def call(sock_path, req):
    """One call on a new connection; returns (seconds to the last answer byte, answer bytes)."""
    global _answer
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    t0 = time.perf_counter()
    s.connect(sock_path)
    s.sendall(req)
    got, need = 0, None
    while True:
        if got == len(_answer):
            _answer.extend(bytes(len(_answer)))
        n = s.recv_into(memoryview(_answer)[got:])
        if not n:
            break
        got += n
        if need is None:
            end = _answer.find(b"\r\n\r\n", 0, got)
            if end >= 0:
                head = bytes(_answer[:end]).decode("latin-1").lower()
                length = [l for l in head.split("\r\n") if l.startswith("content-length:")]
                need = end + 4 + int(length[0].split(":")[1]) if length else -1
                if need > len(_answer):
                    _answer.extend(bytes(need - len(_answer)))
        if need is not None and need >= 0 and got >= need:
            break
    elapsed = time.perf_counter() - t0
    s.close()
    if not _answer.startswith(b"HTTP/1.1 200") or b"<fault>" in _answer[:min(got, 2000)]:
        raise RuntimeError(f"bad answer: {bytes(_answer[:min(got, 300)])!r}")
    return elapsed, got


def wait_answers(sock_path, timeout):
    end = time.monotonic() + timeout
    while True:
        try:
            return call(sock_path, request("supervisor.getState"))
        except (OSError, RuntimeError):
            if time.monotonic() > end:
                raise
            time.sleep(0.05)


def running_count(sock_path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sock_path)
    s.sendall(request("supervisor.getAllProcessInfo"))
    data = b""
    while True:
        chunk = s.recv(1 << 20)
        if not chunk:
            break
        data += chunk
        if b"</methodResponse>" in data:
            break
    s.close()
    infos = xmlrpc.client.loads(data.split(b"\r\n\r\n", 1)[1])[0][0]
    return sum(1 for i in infos if i["statename"] == "RUNNING")


def wait_until(cond, timeout):
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise TimeoutError("condition not met in time")
        time.sleep(0.2)


def per_call(daemon, programs, running, methods, calls, warmup):
    """Daemon CPU us per call and median wall ms per call, for each method, on one daemon instance: first over the
    warmup calls right after start (the heap's first touch: each daemon faults in its working set once), then over
    the calls after them (what every later call costs)."""
    d, _, proc = start(daemon, programs, running)
    sock_path = os.path.join(d, "sv.sock")
    try:
        wait_answers(sock_path, 120)
        if running:
            wait_until(lambda: running_count(sock_path) >= programs, 300)
        out = {}
        for method in methods:
            req = request(method)
            before, faulted = cpu_seconds(proc.pid), faults(proc.pid)
            made, started = 0, time.monotonic()
            while True:
                # Rounds until one faults no page: the heap has been touched once and is reused from then on.
                # How many calls that takes depends on what a call allocates, so it is not a fixed count.
                round_faults = faults(proc.pid)
                for _ in range(warmup):
                    call(sock_path, req)
                made += warmup
                # Bounded too: supervisord faults on every 1000-program answer (its buffers come and go), forever.
                if faults(proc.pid) == round_faults or made >= 40 * warmup or time.monotonic() - started > 20:
                    break
            first = dict(cpu_us=(cpu_seconds(proc.pid) - before) / made * 1e6,
                         faults=(faults(proc.pid) - faulted) / made, calls=made)
            walls = []
            before, faulted = cpu_seconds(proc.pid), faults(proc.pid)
            for _ in range(calls):
                walls.append(call(sock_path, req)[0])
            cpu = cpu_seconds(proc.pid) - before
            out[method] = dict(cpu_us=cpu / calls * 1e6, wall_ms=statistics.median(walls) * 1000,
                               faults=(faults(proc.pid) - faulted) / calls, first=first)
        return out
    finally:
        stop(d, proc)


def floor_per_call(calls):
    """CPU us and median wall ms per getState call of bench/rpc-floor.c in both its modes; None without cc.
    At least 2000 calls: without the CPU clock the floor's CPU is counted in 10 ms ticks, and 200 calls are one tick or none."""
    calls = max(calls, 2000)
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        print("no cc: the getState floor is not measured", file=sys.stderr)
        return None
    d = tempfile.mkdtemp(prefix="sn-rpcfloor-")
    binary = os.path.join(d, "rpc-floor")
    subprocess.run([cc, "-O2", "-o", binary, os.path.join(os.path.dirname(os.path.abspath(__file__)), "rpc-floor.c")], check=True)
    out = {}
    try:
        for mode in ("close", "keepalive"):
            sock_path = os.path.join(d, mode + ".sock")
            proc = subprocess.Popen([binary, sock_path, mode], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            try:
                proc.stdout.readline()
                req = request("supervisor.getState")
                for _ in range(5):
                    call(sock_path, req)
                before = cpu_seconds(proc.pid)
                walls = [call(sock_path, req)[0] for _ in range(calls)]
                out[mode] = dict(cpu_us=(cpu_seconds(proc.pid) - before) / calls * 1e6, wall_ms=statistics.median(walls) * 1000)
            finally:
                proc.terminate()
                proc.wait()
    finally:
        shutil.rmtree(d, ignore_errors=True)
    return out


def child_cost(argv, runs, env=None):
    """Median wall ms and mean CPU ms (user+sys, from the children's rusage) of running argv."""
    walls = []
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
        walls.append(time.perf_counter() - t0)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return dict(wall_ms=statistics.median(walls) * 1000, cpu_ms=cpu / runs * 1000)


def clients(supernetd, supernetctl, runs):
    d, conf, proc = start(supernetd, 100, True)
    sock_path = os.path.join(d, "sv.sock")
    try:
        wait_answers(sock_path, 120)
        wait_until(lambda: running_count(sock_path) >= 100, 300)
        return {
            "supernetctl status": child_cost([supernetctl, "-c", conf, "status"], runs),
            "supervisorctl status": child_cost(["/usr/bin/supervisorctl", "-c", conf, "status"], runs),
            "supernetctl help": child_cost([supernetctl, "-c", conf, "help"], runs),
            "supervisorctl help": child_cost(["/usr/bin/supervisorctl", "-c", conf, "help"], runs),
        }
    finally:
        stop(d, proc)


def scale(supernetd, programs):
    d, _, proc = start(supernetd, programs, False)
    sock_path = os.path.join(d, "sv.sock")
    try:
        wait_answers(sock_path, 600)
        time.sleep(1)  # let start-up garbage settle before reading the steady RSS
        steady = status_kib(proc.pid, "VmRSS")
        with open(f"/proc/{proc.pid}/clear_refs", "w") as f:
            f.write("5")  # resets VmHWM to the current RSS
        wall, size = call(sock_path, request("supervisor.getAllProcessInfo"))
        peak = status_kib(proc.pid, "VmHWM")
        return dict(programs=programs, wall_s=wall, answer_mib=size / 1048576, steady_rss_mib=steady / 1024,
                    rise_mib=(peak - steady) / 1024)
    finally:
        stop(d, proc)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "artifacts", "bin"))
    ap.add_argument("--calls", type=int, default=300, help="calls per measurement (1000 programs: a tenth)")
    ap.add_argument("--warmup", type=int, default=500,
                    help="warm-up rounds of this many calls (1000 programs: a tenth) until one faults no page; the "
                         "warm-up is reported apart (first calls after start), the measured calls come after it")
    ap.add_argument("--runs", type=int, default=20, help="client runs per client measurement")
    ap.add_argument("--big", type=int, default=100000, help="programs for the scale measurement (0: skip)")
    ap.add_argument("--json", help="also write the measurements to this file")
    a = ap.parse_args()
    supernetd = os.path.abspath(os.path.join(a.bin, "supernetd"))
    supernetctl = os.path.abspath(os.path.join(a.bin, "supernetctl"))
    daemons = {"supernetd": supernetd, "supervisord": "/usr/bin/supervisord"}
    for path in (supernetd, supernetctl):
        if not os.access(path, os.X_OK):
            raise SystemExit(f"{path} is not published: dotnet publish src/SuperNet.Daemon (and src/SuperNet.Ctl) -c Release -o {a.bin}")
    out = dict(bench="rpc", calls=a.calls, warmup=a.warmup, daemon={}, ctl={}, scale=None)
    for name, path in daemons.items():
        r100 = per_call(path, 100, True, ["supervisor.getState", "supervisor.getAllProcessInfo"], a.calls, a.warmup)
        r1000 = per_call(path, 1000, False, ["supervisor.getAllProcessInfo"], max(10, a.calls // 10), a.warmup // 10)
        out["daemon"][name] = {"getState": r100["supervisor.getState"],
                               "getAllProcessInfo(100)": r100["supervisor.getAllProcessInfo"],
                               "getAllProcessInfo(1000)": r1000["supervisor.getAllProcessInfo"]}
    out["floor"] = floor_per_call(a.calls)
    out["ctl"] = clients(supernetd, supernetctl, a.runs)
    if a.big:
        out["scale"] = scale(supernetd, a.big)
    out["loadavg"] = os.getloadavg()

    print(f"{'daemon, new connection per call':40} {'supernetd':>12} {'supervisord':>12} {'ratio':>7} {'floor':>9} {'floor-ka':>9}")
    for m in out["daemon"]["supernetd"]:
        for key, unit in (("cpu_us", "CPU us/call"), ("wall_ms", "wall ms")):
            sn, sv = out["daemon"]["supernetd"][m][key], out["daemon"]["supervisord"][m][key]
            fl = [f"{out['floor'][mode][key]:9.1f}" for mode in ("close", "keepalive")] if out["floor"] and m == "getState" else []
            print(f"{m + ' ' + unit:40} {sn:12.1f} {sv:12.1f} {sn / sv:7.3f} {' '.join(fl)}".rstrip())
        sn, sv = out["daemon"]["supernetd"][m], out["daemon"]["supervisord"][m]
        print(f"{'  page faults/call':40} {sn['faults']:12.2f} {sv['faults']:12.2f}")
        print(f"{'  warm-up calls (until a round faults none)':40} {sn['first']['calls']:12d} {sv['first']['calls']:12d}")
        print(f"{'  first calls after start: CPU us/call':40} {sn['first']['cpu_us']:12.1f} {sv['first']['cpu_us']:12.1f} {sn['first']['cpu_us'] / sv['first']['cpu_us']:7.3f}")
        print(f"{'  first calls after start: faults/call':40} {sn['first']['faults']:12.2f} {sv['first']['faults']:12.2f}")
    print(f"\n{'clients against supernetd (100 programs)':40} {'wall ms':>12} {'CPU ms':>12}")
    for k, v in out["ctl"].items():
        print(f"{k:40} {v['wall_ms']:12.2f} {v['cpu_ms']:12.2f}")
    c = out["ctl"]
    print(f"{'status ratio supernetctl/supervisorctl':40} {c['supernetctl status']['wall_ms'] / c['supervisorctl status']['wall_ms']:12.3f}"
          f" {c['supernetctl status']['cpu_ms'] / c['supervisorctl status']['cpu_ms']:12.3f}")
    if out["scale"]:
        s = out["scale"]
        print(f"\nsupernetd numprocs={s['programs']}: getAllProcessInfo {s['wall_s']:.2f} s, {s['answer_mib']:.1f} MiB answer, "
              f"steady RSS {s['steady_rss_mib']:.1f} MiB, rise while answering {s['rise_mib']:.1f} MiB")
    print(f"load average {out['loadavg'][0]:.2f}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
