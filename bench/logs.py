#!/usr/bin/env python3
"""Container-output and crash-loop benchmark: supernetd beside supervisord 4.2.5 and a plain `cat`, one run.

1. Throughput: 4 programs each `cat` a file of MIB MiB of numbered lines ("wN SEQ xxx...") to the daemon's
   stdout (supernetd: stdout_logfile=stdout, log_prefix=%(program_name)s |; supervisord: /dev/stdout), the
   daemon's stdout redirected to a file. Reported: wall time from launch to exit (after every program exited),
   daemon CPU, and the lines checked: torn (not a whole line of one writer) and lost (sequence gaps).
   Baselines: `cat` of the same 4 files into one file (no pipe at all), and the plain pipe a container runtime
   gives the same 4 programs without a supervisor: all 4 `cat FILE` writing at once into one pipe that `cat > OUT`
   reads (its lines are checked too: writes above PIPE_BUF tear), once with the kernel's 64 KiB pipe and once with
   the pipe grown to 1 MiB as supernetd grows its own; "x the pipe" is against the faster of the two. Each daemon's fixed cost (an identical run with
   empty programs: start-up, log polling, shutdown) is reported and subtracted. The relay floor (bench/relay-floor.c,
   compiled with cc): the least any supervisor keeping lines whole does, a C loop reading the 4 writers' own pipes and
   writing their prefixed lines to a file, with the kernel's pipe, grown to 1 MiB, and over 2 threads; "x floor" is
   against the fastest.
2. File capture (issue 16): the same 4 programs each logging to its own stdout_logfile (maxbytes=0, as in
   supervisord's default for such benches), both daemons with the same config. Baseline: 4 concurrent
   `cat FILE | cat > OUT` (a program writing to a pipe, read and written to a file). Every log file is compared
   byte for byte with its source.
3. Crash loop: one program `/bin/true` with startsecs=0, autorestart=true for WINDOW seconds: restarts per
   second and daemon CPU.
Each timed figure is the best of --repeat runs (3), the reference's and the daemons' alike, interleaved: on a
loaded machine one run of each is mostly noise (a `cat` of 1 GiB took 0.56 s and 4.9 s in runs minutes apart).
Usage: bench/logs.py [--bin artifacts/bin] [--mib 256] [--window 10] [--repeat 3] [--only prefixed,capture,crash]
"""
import argparse, fcntl, filecmp, os, re, resource, shutil, signal, subprocess, sys, tempfile, time

MAIN = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]{4} ")
TICK = os.sysconf("SC_CLK_TCK")
WRITERS = ["w1", "w2", "w3", "w4"]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def make_data(d, name, mib):
    path = os.path.join(d, f"{name}.txt")
    target = mib * 1024 * 1024
    with open(path, "w") as f:
        size, seq, batch = 0, 0, []
        while size < target:
            line = f"{name} {seq:08d} {'x' * (seq % 200)}\n"
            batch.append(line)
            size += len(line)
            seq += 1
            if len(batch) == 10000:
                f.write("".join(batch))
                batch = []
        f.write("".join(batch))
    return path, seq


def config(d, programs, supernet):
    head = f"""[supervisord]
logfile={d}/main.log
pidfile={d}/sv.pid
childlogdir={d}
silent=true

[unix_http_server]
file={d}/sv.sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
"""
    parts = [head]
    for name, command, extra in programs:
        parts.append(f"""[program:{name}]
command={command}
startsecs=0
{extra}
""")
    path = os.path.join(d, "supervisord.conf")
    with open(path, "w") as f:
        f.write("\n".join(parts))
    return path


def main_log_count(d, fragment):
    try:
        with open(os.path.join(d, "main.log")) as f:
            return sum(1 for l in f if fragment in l)
    except FileNotFoundError:
        return 0


def check_lines(path, counts, prefixed):
    expect = {w: 0 for w in WRITERS}
    torn = lost = 0
    pattern = re.compile(r"^(w\d) \| (w\d) (\d{8}) (x*)$" if prefixed else r"^()(w\d) (\d{8}) (x*)$")
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if MAIN.match(line):
                continue
            m = pattern.match(line)
            if not m or (prefixed and m.group(1) != m.group(2)) or len(m.group(4)) != int(m.group(3)) % 200:
                torn += 1
                continue
            w, seq = m.group(2), int(m.group(3))
            if seq != expect[w]:
                lost += max(seq - expect[w], 0)
            expect[w] = seq + 1
    lost += sum(counts[w] - expect[w] for w in WRITERS)
    return torn, lost


def throughput(daemon, data, counts, supernet, check=True):
    with tempfile.TemporaryDirectory(prefix="bench-logs-") as d:
        if supernet:
            extra = "stdout_logfile=stdout\nlog_prefix=%(program_name)s |\nautorestart=false"
        else:
            extra = "stdout_logfile=/dev/stdout\nstdout_logfile_maxbytes=0\nautorestart=false"
        programs = [(w, f"/bin/cat {data[w]}", extra) for w in WRITERS]
        conf = config(d, programs, supernet)
        out = os.path.join(d, "stdout.txt")
        with open(out, "wb") as sink:
            start = time.monotonic()
            p = subprocess.Popen([daemon, "-n", "-c", conf], stdout=sink, stderr=subprocess.DEVNULL)
            while main_log_count(d, "exited: w") < len(WRITERS):
                if p.poll() is not None:
                    sys.exit(f"{daemon} exited early")
                time.sleep(0.05)
            cpu = cpu_seconds(p.pid)
            p.send_signal(signal.SIGTERM)
            p.wait(timeout=120)
            wall = time.monotonic() - start
        size = os.path.getsize(out)
        torn, lost = check_lines(out, counts, prefixed=supernet) if check else (0, 0)
        return wall, cpu, size, torn, lost


def baseline(data):
    with tempfile.TemporaryDirectory(prefix="bench-logs-") as d:
        out = os.path.join(d, "cat.txt")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        with open(out, "wb") as sink:
            subprocess.run(["/bin/cat", *[data[w] for w in WRITERS]], stdout=sink, check=True)
        wall = time.monotonic() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu


def pipe_baseline(data, counts, pipe_bytes=None):
    """The 4 writers sharing one pipe into `cat > OUT`: what their output costs with no supervisor in between.
    pipe_bytes: the pipe grown to that size first (F_SETPIPE_SZ), as supernetd grows a program's pipe found full;
    None keeps the kernel's default (64 KiB), what a container runtime gives."""
    with tempfile.TemporaryDirectory(prefix="bench-logs-") as d:
        out = os.path.join(d, "pipe.txt")
        r, w = os.pipe()
        if pipe_bytes:
            fcntl.fcntl(w, 1031, pipe_bytes)  # F_SETPIPE_SZ
        start = time.monotonic()
        with open(out, "wb") as sink:
            reader = subprocess.Popen(["/bin/cat"], stdin=r, stdout=sink)
            writers = [subprocess.Popen(["/bin/cat", data[x]], stdout=w) for x in WRITERS]
            os.close(r)
            os.close(w)
            for p in writers + [reader]:
                if p.wait() != 0:
                    sys.exit(f"{p.args} failed")
        wall = time.monotonic() - start
        torn, lost = check_lines(out, counts, prefixed=False)
        return wall, torn, lost


def build_relay_floor(d):
    """Compiles bench/relay-floor.c into d; None (with a note) when there is no cc."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        print("no cc: the relay floor is not measured", file=sys.stderr)
        return None
    out = os.path.join(d, "relay-floor")
    subprocess.run([cc, "-O2", "-pthread", "-o", out, os.path.join(os.path.dirname(os.path.abspath(__file__)), "relay-floor.c")], check=True)
    return out


def relay_floor(binary, data, counts, pipe_bytes=None, threads=1):
    """The relay floor on the same 4 files: its wall time (launch to exit), CPU, and its lines checked."""
    with tempfile.TemporaryDirectory(prefix="bench-logs-") as d:
        out = os.path.join(d, "relay.txt")
        args = [binary, "--threads", str(threads)] + (["--pipe", str(pipe_bytes)] if pipe_bytes else []) + [data[w] for w in WRITERS]
        start = time.monotonic()
        with open(out, "wb") as sink:
            p = subprocess.run(args, stdout=sink, stderr=subprocess.PIPE, check=True, text=True)
        wall = time.monotonic() - start
        figures = re.search(r"cpu ([\d.]+) s, writers' cpu ([\d.]+) s", p.stderr)
        torn, lost = check_lines(out, counts, prefixed=True)
        return wall, float(figures.group(1)), float(figures.group(2)), torn, lost


def capture(daemon, data, fixed_run=False):
    """daemon: its path, or a function from the configuration's path to its command line (bench/engine.py's peers)."""
    argv = daemon if callable(daemon) else (lambda conf: [daemon, "-n", "-c", conf])
    with tempfile.TemporaryDirectory(prefix="bench-logs-") as d:
        extra = "autorestart=false\nstdout_logfile={d}/{w}.log\nstdout_logfile_maxbytes=0"
        programs = [(w, f"/bin/cat {data[w]}", extra.format(d=d, w=w)) for w in WRITERS]
        conf = config(d, programs, False)
        start = time.monotonic()
        p = subprocess.Popen(argv(conf), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while main_log_count(d, "exited: w") < len(WRITERS):
            if p.poll() is not None:
                sys.exit(f"{argv(conf)[0]} exited early")
            time.sleep(0.05)
        cpu = cpu_seconds(p.pid)
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=120)
        wall = time.monotonic() - start
        same = fixed_run or all(filecmp.cmp(data[w], f"{d}/{w}.log", shallow=False) for w in WRITERS)
        return wall, cpu, same


def capture_baseline(data):
    with tempfile.TemporaryDirectory(prefix="bench-logs-") as d:
        start = time.monotonic()
        pipes = [subprocess.Popen(f"/bin/cat {data[w]} | /bin/cat > {d}/{w}.out", shell=True) for w in WRITERS]
        for p in pipes:
            p.wait()
        return time.monotonic() - start


def crash_loop(daemon, window):
    with tempfile.TemporaryDirectory(prefix="bench-logs-") as d:
        conf = config(d, [("quick", "/bin/true", "autorestart=true\nstdout_logfile=NONE\nstderr_logfile=NONE")], False)
        p = subprocess.Popen([daemon, "-n", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while main_log_count(d, "spawned: 'quick'") < 1:
            time.sleep(0.02)
        spawns0, cpu0, t0 = main_log_count(d, "spawned: 'quick'"), cpu_seconds(p.pid), time.monotonic()
        time.sleep(window)
        spawns1, cpu1, t1 = main_log_count(d, "spawned: 'quick'"), cpu_seconds(p.pid), time.monotonic()
        lines = sum(1 for _ in open(os.path.join(d, "main.log")))
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=60)
        return (spawns1 - spawns0) / (t1 - t0), 100 * (cpu1 - cpu0) / (t1 - t0), lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="artifacts/bin")
    ap.add_argument("--mib", type=int, default=256, help="MiB written by each of the 4 programs")
    ap.add_argument("--window", type=float, default=10)
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is reported")
    ap.add_argument("--only", default="prefixed,capture,crash", help="which parts to run")
    args = ap.parse_args()
    parts = set(args.only.split(","))
    supernetd = os.path.abspath(os.path.join(args.bin, "supernetd"))
    supervisord = "/usr/bin/supervisord"

    with tempfile.TemporaryDirectory(prefix="bench-logs-data-") as d:
        data, counts = {}, {}
        for w in WRITERS:
            data[w], counts[w] = make_data(d, w, args.mib)
        total = sum(os.path.getsize(p) for p in data.values())
        empty = {w: "/dev/null" for w in WRITERS}
        if "prefixed" in parts:
            print(f"throughput: 4 programs x {args.mib} MiB of numbered lines ({total / 2**20:.0f} MiB, {sum(counts.values())} lines), best of {args.repeat}")
            daemons = (("supernetd (prefixed, stdout=file)", supernetd, True), ("supervisord (/dev/stdout=file)", supervisord, False))
            relay_bin = build_relay_floor(d)
            cat_walls, pipe_runs, big_pipe_runs, runs = [], [], [], {label: [] for label, _, _ in daemons}
            floor_runs, big_floor_runs, threaded_floor_runs = [], [], []
            for _ in range(args.repeat):
                cat_walls.append(baseline(data))
                pipe_runs.append(pipe_baseline(data, counts))
                big_pipe_runs.append(pipe_baseline(data, counts, 1 << 20))
                if relay_bin:
                    floor_runs.append(relay_floor(relay_bin, data, counts))
                    big_floor_runs.append(relay_floor(relay_bin, data, counts, 1 << 20))
                    threaded_floor_runs.append(relay_floor(relay_bin, data, counts, threads=2))
                for label, daemon, supernet in daemons:
                    # The same daemon run with empty programs: start-up, the 50 ms log polling and shutdown.
                    fixed = throughput(daemon, empty, {w: 0 for w in WRITERS}, supernet, check=False)[0]
                    wall, cpu, size, torn, lost = throughput(daemon, data, counts, supernet)
                    runs[label].append((wall - fixed, wall, fixed, cpu, size, torn, lost))
            cat_wall, cat_cpu = min(cat_walls)
            print(f"  {'cat > file':<34} wall {cat_wall:7.2f} s  cpu {cat_cpu:6.2f} s")
            for label, rs in (("4 writers | cat > file", pipe_runs), ("the same, pipe grown to 1 MiB", big_pipe_runs)):
                print(f"  {label:<34} wall {min(r[0] for r in rs):7.2f} s ({min(r[0] for r in rs) / cat_wall:5.2f}x cat)  "
                      f"torn {sum(r[1] for r in rs)} (all runs; their sequence numbers go missing with them)")
            # "The pipe" is the faster of the two plain pipes in this run: the daemons are measured against the best
            # a supervisor-less pipe did.
            pipe_wall = min(r[0] for r in pipe_runs + big_pipe_runs)
            floor_wall = None
            for label, rs in (("relay floor (C), prefixed", floor_runs), ("the same, pipes grown to 1 MiB", big_floor_runs),
                              ("the same, 2 threads", threaded_floor_runs)):
                if rs:
                    wall, cpu, writers_cpu, _, _ = min(rs)
                    print(f"  {label:<34} wall {wall:7.2f} s ({wall / cat_wall:5.2f}x cat, {wall / pipe_wall:5.2f}x the pipe)  "
                          f"cpu {cpu:6.2f} s, writers' {writers_cpu:6.2f} s  torn {sum(r[3] for r in rs)}  lost {sum(r[4] for r in rs)} (all runs)")
                    floor_wall = wall if floor_wall is None else min(floor_wall, wall)
            for label, _, _ in daemons:
                net, wall, fixed, cpu, size, torn, lost = min(runs[label])
                torn, lost = sum(r[5] for r in runs[label]), sum(r[6] for r in runs[label])
                versus_floor = f", {net / floor_wall:5.2f}x floor" if floor_wall else ""
                print(f"  {label:<34} wall {wall:7.2f} s, {net:6.2f} s without the {fixed:.2f} s of an empty run "
                      f"({net / cat_wall:5.2f}x cat, {net / pipe_wall:5.2f}x the pipe{versus_floor})  daemon cpu {cpu:6.2f} s  out {size / 2**20:.0f} MiB  torn {torn}  lost {lost} (all runs)")
        if "capture" in parts:
            print(f"file capture: 4 programs x {args.mib} MiB, each into its own stdout_logfile, best of {args.repeat}")
            daemons = (("supernetd", supernetd), ("supervisord", supervisord))
            refs, runs = [], {label: [] for label, _ in daemons}
            for _ in range(args.repeat):
                refs.append(capture_baseline(data))
                for label, daemon in daemons:
                    fixed = capture(daemon, empty, fixed_run=True)[0]
                    wall, cpu, same = capture(daemon, data)
                    runs[label].append((wall - fixed, wall, fixed, cpu, same))
            ref = min(refs)
            print(f"  {'cat | cat > file (x4 at once)':<34} wall {ref:7.2f} s")
            for label, _ in daemons:
                net, wall, fixed, cpu, _ = min(runs[label])
                same = all(r[4] for r in runs[label])
                print(f"  {label:<34} wall {wall:7.2f} s, {net:6.2f} s without the {fixed:.2f} s of an empty run "
                      f"({net / ref:5.2f}x cat)  daemon cpu {cpu:6.2f} s  logs identical to the input: {same} (all runs)")

    if "crash" not in parts:
        return
    print(f"crash loop: /bin/true, startsecs=0, autorestart=true, {args.window:.0f} s window")
    for label, daemon in (("supernetd", supernetd), ("supervisord", supervisord)):
        rate, cpu, lines = crash_loop(daemon, args.window)
        print(f"  {label:<34} {rate:5.2f} restarts/s  daemon cpu {cpu:5.1f} %  main-log lines {lines}")


if __name__ == "__main__":
    main()
