#!/usr/bin/env python3
"""Engine benchmark: supernetd beside supervisord 4.2.5 (and any --peer) in one run.

For N `sleep` programs (startsecs=0) it measures, for each daemon:
  - time from launching the daemon until the main log shows all N programs RUNNING
  - the daemon's RSS 1 s after they are all running (from /proc/<pid>/status VmRSS), and again after one
    getAllProcessInfo over its socket (what a daemon that has been asked something holds: pages it dropped or
    never touched while starting fault in when a call needs them)
  - voluntary context switches of the daemon over an idle window (100 programs)
  - shutdown time (SIGTERM to exit) at every N, and once more with 1 program, and the daemon's own CPU in it
  - log capture (unless --log-mib 0): bench/logs.py's capture case, 4 programs each `cat`-ing LOG_MIB MiB into its
    own stdout_logfile, beside its reference (4 concurrent `cat FILE | cat > OUT`), the best of --log-repeat runs
and, at each N, the spawn floor (bench/spawn-floor.c, compiled with cc): the same N programs started with
posix_spawn in a tight loop, with the same pipes, epoll registrations and log files, from its launch until the
last spawn returned. Every start-up is also printed as a multiple of the floor and of supervisord's, every RSS as
a multiple of supervisord's.
Usage: bench/engine.py [--bin artifacts/bin] [--counts 100,1000] [--logs none|files] [--idle 20]
                       [--peer NAME 'CMD -c {conf}']... [--no-floor] [--only supernetd,...] [--limit 120]
                       [--log-mib 256] [--log-repeat 3] [--json results.json]
  --logs files   one stdout and one stderr log file per program (default none: stdout/stderr_logfile=NONE)
  --peer         another supervisord-compatible daemon; {conf} is replaced by the configuration's path; it must
                 stay in the foreground and write its main log where the configuration says (logfile=)
  --limit        how long a daemon may take to show all N RUNNING (supervisord needs minutes for 1000)
"""
import argparse, http.client, json, os, re, shlex, shutil, signal, socket, subprocess, sys, tempfile, time

LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) (\w+) (.*)$")


def config(d, n, startsecs=0, logs="none"):
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
        out, err = (f"{d}/p{i:04d}-stdout.log", f"{d}/p{i:04d}-stderr.log") if logs == "files" else ("NONE", "NONE")
        parts.append(f"""[program:p{i:04d}]
command=/bin/sleep 100000
startsecs={startsecs}
stdout_logfile={out}
stderr_logfile={err}
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


class RunningCounter:
    """Counts "entered RUNNING state" lines of the main log, reading only what was appended since the last call
    (re-reading the whole log every 5 ms would take CPU from the daemon being measured)."""

    def __init__(self, d):
        self.path, self.offset, self.count, self.partial = os.path.join(d, "main.log"), 0, 0, b""

    def __call__(self):
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read()
        except FileNotFoundError:
            return 0
        self.offset += len(data)
        lines = (self.partial + data).split(b"\n")
        self.partial = lines.pop()
        self.count += sum(1 for l in lines if b"entered RUNNING state" in l)
        return self.count


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for l in f:
            if l.startswith("VmRSS:"):
                return int(l.split()[1])
    return -1


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=300)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(300)
        self.sock.connect(self.path)


def get_all_process_info(d):
    """One supervisor.getAllProcessInfo over the daemon's unix socket; True when it answered 200."""
    body = b"<?xml version='1.0'?><methodCall><methodName>supervisor.getAllProcessInfo</methodName><params/></methodCall>"
    c = UnixHTTPConnection(os.path.join(d, "sv.sock"))
    try:
        c.request("POST", "/RPC2", body, {"Content-Type": "text/xml"})
        r = c.getresponse()
        r.read()
        return r.status == 200
    except OSError:
        return False
    finally:
        c.close()


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


def stop_abandoned(p):
    """A daemon still stopping after 300 s (supervisord with 1000 programs on a loaded machine): SIGKILL its
    children (each in its own process group) and then it, so no `sleep` outlives the bench."""
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/stat") as f:
                if int(f.read().rsplit(")", 1)[1].split()[1]) == p.pid:
                    os.kill(int(pid), signal.SIGKILL)
        except (FileNotFoundError, ProcessLookupError, ValueError, IndexError):
            pass
    p.kill()
    p.wait()


def wait_until(pred, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.005)
    return False


def one(name, argv, n, idle, logs="none", limit=120):
    d = tempfile.mkdtemp(prefix=f"bench-{name}-")
    cfg = config(d, n, logs=logs)
    running = RunningCounter(d)
    t0 = time.monotonic()
    p = launch(argv(cfg), d)
    ok = wait_until(lambda: running() >= n, limit)
    t_run = time.monotonic() - t0
    # Settled: what a daemon keeps, not the garbage or start-up pages of the instant its last program turned RUNNING.
    time.sleep(1)
    rss = rss_kib(p.pid)
    idle_cs = None
    if idle:
        a = tree_ctx_switches(p.pid)
        time.sleep(idle)
        idle_cs = ctx_delta(a, tree_ctx_switches(p.pid))
    # After the idle window: the call's connection must not count as a wake-up of an idle daemon.
    rss_used = rss_kib(p.pid) if ok and get_all_process_info(d) else -1
    t1 = time.monotonic()
    cpu0 = own_cpu(p.pid)
    p.send_signal(signal.SIGTERM)
    stop_cpu = None
    while p.poll() is None:
        last = own_cpu(p.pid)  # the daemon's own CPU, read until it is a zombie (its reaped children's excluded)
        if last is None:
            break
        stop_cpu = None if cpu0 is None else last - cpu0
        if time.monotonic() - t1 > 300:
            stop_abandoned(p)
            break
        time.sleep(0.01)
    p.wait()
    t_stop = time.monotonic() - t1
    shutil.rmtree(d, ignore_errors=True)
    return dict(ok=ok, running=t_run, rss_mib=rss / 1024, rss_used_mib=rss_used / 1024, idle_cs=idle_cs, stop=t_stop, stop_cpu=stop_cpu, code=p.returncode)


def own_cpu(pid):
    """utime+stime of the process itself in seconds; None once it is a zombie or gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    if fields[0] == "Z":
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def build_floor():
    """Compiles bench/spawn-floor.c into a temporary directory; None (with a note) when there is no cc."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        print("no cc: the spawn floor is not measured", file=sys.stderr)
        return None
    out = os.path.join(tempfile.mkdtemp(prefix="bench-floor-bin-"), "spawn-floor")
    subprocess.run([cc, "-O2", "-o", out, os.path.join(os.path.dirname(os.path.abspath(__file__)), "spawn-floor.c")], check=True)
    return out


def floor(binary, n, logs):
    """The floor's start-up: its launch until it reports the last spawn done; its RSS then."""
    d = tempfile.mkdtemp(prefix="bench-floor-")
    t0 = time.monotonic()
    p = subprocess.Popen([binary, str(n), d, logs], cwd=d, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = p.stdout.readline()
    t_run = time.monotonic() - t0
    ok = line.startswith(b"spawned")
    rss = rss_kib(p.pid) if ok else -1
    p.send_signal(signal.SIGTERM)
    p.wait(300)
    shutil.rmtree(d, ignore_errors=True)
    return dict(ok=ok, running=t_run, rss_mib=rss / 1024, rss_used_mib=None, idle_cs=None, stop=None, stop_cpu=None, code=p.returncode)


def peer_argv(template):
    words = shlex.split(template)
    if not any("{conf}" in w for w in words):
        sys.exit(f"--peer command must contain {{conf}}: {template!r}")
    # Daemons run in their own temporary directory: a relative program path means the caller's directory.
    if "/" in words[0] and not os.path.isabs(words[0]):
        words[0] = os.path.abspath(words[0])
    return lambda cfg: [w.replace("{conf}", cfg) for w in words]


def used(r):
    return "-" if r["rss_used_mib"] is None or r["rss_used_mib"] < 0 else f"{r['rss_used_mib']:.1f}"


def ratio(a, b):
    return f"{a / b:.2f}x" if b and a is not None and b > 0 and a >= 0 else "-"


def log_capture(daemons, mib, repeat, width):
    """bench/logs.py's capture case for every daemon of this run, the reference (`cat | cat`) as its floor."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import logs
    with tempfile.TemporaryDirectory(prefix="bench-engine-logs-") as d:
        data = {w: logs.make_data(d, w, mib)[0] for w in logs.WRITERS}
        empty = {w: "/dev/null" for w in logs.WRITERS}
        refs, runs = [], {name: [] for name in daemons}
        # Interleaved: on a shared machine the reference moves between runs as much as the daemons do.
        for _ in range(repeat):
            refs.append(logs.capture_baseline(data))
            for name, argv in daemons.items():
                fixed = logs.capture(argv, empty, fixed_run=True)[0]
                wall, cpu, same = logs.capture(argv, data)
                runs[name].append(dict(net=wall - fixed, wall=wall, fixed=fixed, cpu=cpu, identical=same))
    ref = min(refs)
    best = {name: min(r, key=lambda x: x["net"]) for name, r in runs.items()}
    sv = best.get("supervisord")
    print(f"\nlog capture: 4 programs x {mib} MiB, each into its own stdout_logfile (best of {repeat}; a daemon's empty run subtracted)")
    print(f"{'daemon':{width}} {'wall s':>7} {'x floor':>8} {'x supervisord':>13} {'daemon CPU s':>12} identical")
    print(f"{'cat | cat x4':{width}} {ref:7.3f} {'1.00x':>8} {ratio(ref, sv and sv['net']):>13} {'-':>12} -")
    out = [dict(daemon="cat | cat x4", mib=mib, net=ref)]
    for name, r in best.items():
        identical = all(x["identical"] for x in runs[name])
        print(f"{name:{width}} {r['net']:7.3f} {ratio(r['net'], ref):>8} {ratio(r['net'], sv and sv['net']):>13} "
              f"{r['cpu']:12.2f} {identical}", flush=True)
        out.append(dict(daemon=name, mib=mib, **r, identical_all_runs=identical))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "artifacts", "bin"))
    ap.add_argument("--counts", default="100,1000")
    ap.add_argument("--logs", choices=["none", "files"], default="none",
                    help="files: one log file per stream and program (the floor opens the same files)")
    ap.add_argument("--idle", type=int, default=20)
    ap.add_argument("--peer", nargs=2, action="append", default=[], metavar=("NAME", "CMD"),
                    help="another daemon, e.g. --peer gosv '/usr/local/bin/supervisord -c {conf}'")
    ap.add_argument("--no-floor", action="store_true", help="do not compile and run bench/spawn-floor.c")
    ap.add_argument("--limit", type=float, default=120,
                    help="seconds a daemon may take to show all N RUNNING before its row is marked NOT all running")
    ap.add_argument("--only", help="comma-separated daemons to run (supernetd, supervisord, peers); the rest are skipped")
    ap.add_argument("--log-mib", type=int, default=256, help="MiB each of 4 programs logs in the capture case (0: skip it)")
    ap.add_argument("--log-repeat", type=int, default=3, help="capture runs of each daemon and of the reference; the best counts")
    ap.add_argument("--json", help="also write every measurement to this file (bench/plot.py reads it)")
    a = ap.parse_args()
    supernetd = os.path.abspath(os.path.join(a.bin, "supernetd"))
    daemons = {
        "supernetd": lambda cfg: [supernetd, "-n", "-c", cfg],
        "supervisord": lambda cfg: ["/usr/bin/supervisord", "-n", "-c", cfg],
    }
    for name, template in a.peer:
        daemons[name] = peer_argv(template)
    if a.only:
        daemons = {k: v for k, v in daemons.items() if k in a.only.split(",")}
    floor_bin = None if a.no_floor else build_floor()
    width = max(12, *(len(n) for n in daemons))
    results = []
    print(f"{'daemon':{width}} {'N':>5} {'all RUNNING s':>14} {'x floor':>8} {'x supervisord':>13} {'RSS MiB':>8} "
          f"{'RSS x supervisord':>17} {'RSS used':>8} {'x supervisord':>13} {'idle vol. ctxsw':>16} {'stop s':>7} {'stop CPU s':>10} exit")
    for n in [int(x) for x in a.counts.split(",")]:
        row = {}
        if floor_bin:
            row["spawn-floor"] = floor(floor_bin, n, a.logs)
        for name, argv in daemons.items():
            row[name] = one(name, argv, n, a.idle if n == 100 else 0, a.logs, a.limit)
        base, sv = row.get("spawn-floor"), row.get("supervisord") or {"running": None, "rss_mib": None}
        for name, r in row.items():
            results.append(dict(daemon=name, programs=n, logs=a.logs, **r))
            stop = "-" if r["stop"] is None else f"{r['stop']:7.3f}"
            stop_cpu = "-" if r["stop_cpu"] is None else f"{r['stop_cpu']:.2f}"
            print(f"{name:{width}} {n:5d} {r['running']:14.3f} {ratio(r['running'], base and base['running']):>8} "
                  f"{ratio(r['running'], sv['running']):>13} {r['rss_mib']:8.1f} {ratio(r['rss_mib'], sv['rss_mib']):>17} "
                  f"{used(r):>8} {ratio(r['rss_used_mib'], sv.get('rss_used_mib')):>13} {str(r['idle_cs']):>16} {stop:>7} {stop_cpu:>10} {r['code']}" + ("" if r["ok"] else "  (NOT all running)"), flush=True)
    for name, argv in daemons.items():
        r = one(name, argv, 1, 0, limit=a.limit)
        results.append(dict(daemon=name, programs=1, shutdown_only=True, **r))
        print(f"{name:{width}} {1:5d} {r['running']:14.3f} {'-':>8} {'-':>13} {r['rss_mib']:8.1f} {'-':>17} {'-':>8} {'-':>13} {'-':>16} "
              f"{r['stop']:7.3f} {r['stop_cpu'] or 0:10.2f} {r['code']}  (shutdown with 1 program)")
    capture = log_capture(daemons, a.log_mib, a.log_repeat, width) if a.log_mib > 0 else []
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(bench="engine", loadavg=os.getloadavg(), results=results, log_capture=capture), f, indent=1)


if __name__ == "__main__":
    main()
