#!/usr/bin/python3
"""Reliability suite: supernetd beside supervisord 4.2.5 under faults, load and hostile input.

Each case runs against every daemon that can run it and prints one JSON object per (case, daemon) with
its figures, plus `"ok": true|false` for the guarantees docs/reliability.md states. --quick shrinks every
case so the whole suite fits in CI (tests/SuperNet.Reliability.Tests runs it that way and asserts "ok").

usage: bench/reliability.py [--quick] [--bin artifacts/bin] [--daemons supernetd,supervisord] [CASE ...]
cases: orphans exits rpc_load soak rotation full_disk sigkill_restart signal_storms hostile
Needs root (PID namespaces, a tmpfs in a mount namespace) and /usr/bin/python3 with supervisor installed.
"""
import argparse, json, os, random, re, shutil, signal, socket, subprocess, sys, tempfile, threading, time
import http.client, xmlrpc.client

sys.path.insert(0, "/usr/lib/python3/dist-packages")
from supervisor.xmlrpc import SupervisorTransport  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUPERVISORD = "/usr/bin/supervisord"
RPC = "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n"


# ---------------------------------------------------------------- process and /proc helpers

def proc_status(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return line.split()[1]
    except OSError:
        return None
    return None


def rss_kib(pid):
    v = proc_status(pid, "VmRSS")
    return int(v) if v else None


def fd_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None


def socket_count(pid):
    """The sockets among a process's fds: what a leaked connection leaves behind. The daemon's other fds are
    mostly pipes to programs, which come and go as the flapping programs of these cases exit and restart."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return None
    n = 0
    for fd in fds:
        try:
            n += os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")
        except OSError:
            pass
    return n


def children(pid):
    """(pid, state) of every process whose parent is pid."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == pid:
            out.append((int(entry), fields[0]))
    return out


def zombies(pid):
    return sum(1 for _, state in children(pid) if state == "Z")


def wait_until(cond, timeout, step=0.05):
    end = time.time() + timeout
    while time.time() < end:
        value = cond()
        if value:
            return value
        time.sleep(step)
    return cond()


class Daemon:
    """One daemon run in its own directory: `-n -c conf`, optionally as PID 1 of a new PID namespace
    or inside a new mount namespace with a 1 MiB tmpfs on DIR/full (seen from outside via /proc/PID/root)."""

    def __init__(self, kind, binary, body, pid1=False, tmpfs=False, main_log_on_tmpfs=False, inet=None):
        self.kind = kind
        self.dir = tempfile.mkdtemp(prefix=f"sn-rel-{kind}-")
        self.sock = f"{self.dir}/sv.sock"
        self.inet = inet
        self.main_log = f"{self.dir}/full/main.log" if main_log_on_tmpfs else f"{self.dir}/main.log"
        conf = (f"[supervisord]\nlogfile={self.main_log}\npidfile={self.dir}/sv.pid\nchildlogdir={self.dir}\n"
                f"minfds=4096\n[unix_http_server]\nfile={self.sock}\n{RPC}")
        if inet:
            conf += f"[inet_http_server]\nport=127.0.0.1:{inet}\nusername=user\npassword=secret\n"
        conf += body.replace("{DIR}", self.dir)
        self.conf = f"{self.dir}/supervisord.conf"
        with open(self.conf, "w") as f:
            f.write(conf)
        cmd = [binary, "-n", "-c", self.conf]
        if tmpfs:
            os.makedirs(f"{self.dir}/full")
            cmd = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                   f"mount -t tmpfs -o size=1m tmpfs {self.dir}/full && exec \"$@\"", "sh"] + cmd
        if pid1:
            cmd = ["unshare", "--pid", "--fork", "--mount-proc"] + cmd
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        self.pid = self._find_pid(pid1)

    def _find_pid(self, wrapped):
        if not wrapped:
            return self.proc.pid

        def leaf():
            pid = self.proc.pid
            for _ in range(3):
                kids = [c for c, _ in children(pid)]
                if not kids:
                    break
                pid = kids[0]
                try:
                    exe = os.readlink(f"/proc/{pid}/exe")
                except OSError:
                    continue
                if "supernetd" in exe or "python" in exe:
                    return pid
            return None
        return wait_until(leaf, 30)

    def rpc(self, timeout=30):
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=SupervisorTransport(None, None, "unix://" + self.sock))

    def state(self):
        try:
            return self.rpc().supervisor.getState()["statename"]
        except Exception:
            return None

    def wait_serving(self, timeout=120):
        return wait_until(lambda: self.state() == "RUNNING", timeout, 0.1)

    def log(self):
        for p in (f"/proc/{self.pid}/root{self.main_log}", self.main_log):
            try:
                with open(p, errors="replace") as f:
                    return f.read()
            except OSError:
                continue
        return ""

    def count(self, fragment):
        return self.log().count(fragment)

    def signal(self, sig):
        os.kill(self.pid, sig)

    def stop(self, timeout=120):
        if self.proc.poll() is None:
            try:
                self.signal(signal.SIGTERM)
            except (ProcessLookupError, TypeError):
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def cleanup(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


# ---------------------------------------------------------------- cases

def case_orphans(kind, binary, q, helper):
    n = 300 if q else 1000
    d = Daemon(kind, binary, f"[program:parent]\ncommand={helper} orphans {n} 0.5\nstartsecs=0\nautorestart=false\n", pid1=True)
    try:
        start = time.time()
        reaped = wait_until(lambda: d.count("reaped unknown pid ") >= n, 120) and d.count("reaped unknown pid ")
        elapsed = time.time() - start
        left = wait_until(lambda: zombies(d.pid) == 0, 30) or zombies(d.pid) == 0
        z = zombies(d.pid)
        code = d.stop()
        return {"orphans": n, "reaped": d.count("reaped unknown pid "), "zombies_left": z, "seconds": round(elapsed, 1),
                "exit": code, "ok": bool(reaped) and z == 0 and code == 0 and left}
    finally:
        d.cleanup()


def case_exits(kind, binary, q, helper):
    body = "".join(f"[program:c{i:02d}]\ncommand=/bin/sh -c 'sleep 0.5; exit {i}'\nstartsecs=0\nautorestart=false\n"
                   f"exitcodes=0\n" for i in range(100))
    d = Daemon(kind, binary, body, pid1=True)
    try:
        wait_until(lambda: d.count("exited: ") >= 100, 120)
        got = dict(re.findall(r"exited: (c\d\d) \(exit status (\d+);", d.log()))
        lost = sum(1 for i in range(100) if got.get(f"c{i:02d}") != str(i))
        z = zombies(d.pid)
        code = d.stop()
        return {"programs": 100, "statuses_lost": lost, "zombies_left": z, "exit": code, "ok": lost == 0 and z == 0 and code == 0}
    finally:
        d.cleanup()


def flappers(n):
    return "".join(f"[program:flap{i:02d}]\ncommand=/bin/sh -c 'sleep 0.{(i % 9) + 1}; exit 1'\nstartsecs=0\n"
                   f"autorestart=true\nstdout_logfile=NONE\nstderr_logfile=NONE\n" for i in range(n))


def case_rpc_load(kind, binary, q, helper):
    clients, seconds = (20, 10) if q else (100, 60)
    d = Daemon(kind, binary, flappers(20))
    try:
        d.wait_serving()
        time.sleep(1)
        rss0, fds0, socks0 = rss_kib(d.pid), fd_count(d.pid), socket_count(d.pid)
        errors, latencies, lock = [], [], threading.Lock()
        end = time.time() + seconds

        def client(i):
            proxy, mine, errs = d.rpc(), [], 0
            while time.time() < end:
                t = time.perf_counter()
                try:
                    if i % 4 == 0:
                        proxy.supervisor.getAllProcessInfo()
                    else:
                        proxy.supervisor.getState()
                        mine.append(time.perf_counter() - t)
                except Exception:
                    errs += 1
                    proxy = d.rpc()
            with lock:
                latencies.extend(mine)
                errors.append(errs)
        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # Connections the clients held are closed by now; give the daemon a moment to see the EOFs.
        socks1 = wait_until(lambda: socket_count(d.pid) <= socks0 and socket_count(d.pid), 20) or socket_count(d.pid)
        fds1 = fd_count(d.pid)
        rss1 = rss_kib(d.pid)
        latencies.sort()
        p99 = latencies[int(len(latencies) * 0.99)] * 1000 if latencies else None
        code = d.stop()
        return {"clients": clients, "seconds": seconds, "calls": len(latencies), "errors": sum(errors),
                "getState_p99_ms": round(p99, 1) if p99 else None, "rss_kib_before": rss0, "rss_kib_after": rss1,
                "fds_before": fds0, "fds_after": fds1, "sockets_before": socks0, "sockets_after": socks1, "exit": code,
                "ok": sum(errors) == 0 and socks1 <= socks0 and code == 0}
    finally:
        d.cleanup()


def case_soak(kind, binary, q, helper):
    seconds, every = (60, 10) if q else (600, 30)
    d = Daemon(kind, binary, flappers(50))
    try:
        d.wait_serving()
        samples, end = [], time.time() + seconds
        while time.time() < end:
            time.sleep(every)
            samples.append(rss_kib(d.pid))
        spawned = d.count("spawned: ")
        code = d.stop()
        # Flat: the second half never exceeds the first half's peak by more than 4 MiB.
        half = len(samples) // 2
        flat = max(samples[half:]) <= max(samples[:half]) + 4096 if half else True
        return {"programs": 50, "seconds": seconds, "spawns": spawned, "rss_kib_samples": samples, "exit": code,
                "ok": flat and code == 0 and spawned > 50}
    finally:
        d.cleanup()


def case_rotation(kind, binary, q, helper):
    total_mb, maxbytes = (100, "1MB") if q else (1024, "10MB")
    writer = ("import sys\nout = sys.stdout.buffer\nn = 0\nlimit = %d\nwritten = 0\nchunk = []\n"
              "while written < limit:\n    line = b'line %%012d\\n' %% n\n    chunk.append(line)\n    n += 1\n"
              "    written += len(line)\n    if len(chunk) == 4096:\n        out.write(b''.join(chunk)); chunk = []\n"
              "out.write(b''.join(chunk)); out.flush()\nprint('done %%d' %% n, file=sys.stderr)\n") % (total_mb << 20)
    body = (f"[program:w]\ncommand=/usr/bin/python3 {{DIR}}/writer.py\nstartsecs=0\nautorestart=false\n"
            f"stdout_logfile={{DIR}}/out.log\nstdout_logfile_maxbytes={maxbytes}\nstdout_logfile_backups=5\n"
            f"stderr_logfile={{DIR}}/err.log\n")
    d = Daemon(kind, binary, body)
    with open(f"{d.dir}/writer.py", "w") as f:
        f.write(writer)
    try:
        start = time.time()
        wait_until(lambda: d.count("exited: w ") >= 1, 900, 0.2)
        elapsed = time.time() - start
        # Rotation cuts at a write, not at a line: the retained files are read as one stream, and only the
        # oldest one may begin inside a line.
        retained = b""
        for name in [f"out.log.{i}" for i in range(5, 0, -1)] + ["out.log"]:
            path = f"{d.dir}/{name}"
            if os.path.exists(path):
                with open(path, "rb") as f:
                    retained += f.read()
        lines = retained.split(b"\n")
        numbers = [int(l[5:]) for l in lines[1:] if re.fullmatch(rb"line \d{12}", l)]
        gaps = sum(1 for a, b in zip(numbers, numbers[1:]) if b != a + 1)
        with open(f"{d.dir}/err.log") as f:
            last = int(f.read().split()[1]) - 1
        code = d.stop()
        return {"megabytes": total_mb, "seconds": round(elapsed, 1), "mb_per_s": round(total_mb / elapsed, 1),
                "lines_retained": len(numbers), "gaps_or_duplicates": gaps, "last_line_retained": numbers[-1] == last if numbers else False,
                "exit": code, "ok": gaps == 0 and bool(numbers) and numbers[-1] == last and code == 0}
    finally:
        d.cleanup()


def case_full_disk(kind, binary, q, helper):
    """A 1 MiB tmpfs: first under a child log, then under the main log."""
    results = {}
    spew = f"[program:spew]\ncommand=/bin/sh -c 'while :; do echo 0123456789012345678901234567890123456789; done'\n" \
           f"startsecs=0\nstdout_logfile={{DIR}}/full/child.log\nstdout_logfile_maxbytes=0\n"
    d = Daemon(kind, binary, spew, tmpfs=True)
    try:
        d.wait_serving()
        child = lambda: f"/proc/{d.pid}/root{d.dir}/full/child.log"
        full = wait_until(lambda: os.path.exists(child()) and os.path.getsize(child()) >= 1000000, 60)
        time.sleep(2)
        answers = d.state() == "RUNNING"
        with open(child(), "w"):
            pass   # space returns
        resumed = wait_until(lambda: os.path.getsize(child()) > 0, 30)
        results["child_log"] = {"filled": bool(full), "rpc_while_full": answers, "resumed": bool(resumed),
                                "daemon_alive": d.proc.poll() is None}
        # Figures, not guarantees: how often the main log said what failed.
        results["child_log_enospc_lines_in_main_log"] = len(re.findall(r"No space|ENOSPC|Errno 28", d.log()))
        d.stop()
    finally:
        d.cleanup()
    filler = "[program:filler]\ncommand=/bin/sh -c 'head -c 1040000 /dev/zero > {DIR}/full/filler; sleep 100000'\nstartsecs=0\nstopasgroup=true\n"
    d = Daemon(kind, binary, flappers(5) + filler, tmpfs=True, main_log_on_tmpfs=True)
    try:
        d.wait_serving()
        main = f"/proc/{d.pid}/root{d.dir}/full/main.log"
        filler = f"/proc/{d.pid}/root{d.dir}/full/filler"
        wait_until(lambda: os.path.exists(filler) and os.path.getsize(filler) >= 1000000, 60)
        time.sleep(5)
        answers = d.state() == "RUNNING"
        size_full = os.path.getsize(main) if os.path.exists(main) else 0
        os.unlink(filler)
        time.sleep(5)
        size_after = os.path.getsize(main) if os.path.exists(main) else 0
        results["main_log"] = {"rpc_while_full": answers, "resumed": size_after > size_full, "daemon_alive": d.proc.poll() is None}
        d.stop()
    finally:
        d.cleanup()
    results["ok"] = all(v for part in results.values() if isinstance(part, dict) for v in part.values())
    return results


def case_sigkill_restart(kind, binary, q, helper):
    body = "".join(f"[program:s{i}]\ncommand=/bin/sleep 100000\nstartsecs=0\n" for i in range(5))
    d = Daemon(kind, binary, body)
    try:
        d.wait_serving()
        wait_until(lambda: d.count("success: ") >= 5, 30)
        old = [int(p["pid"]) for p in d.rpc().supervisor.getAllProcessInfo()]
        d.proc.kill()
        d.proc.wait()
        stale = os.path.exists(d.sock)
        d.proc = subprocess.Popen([binary, "-n", "-c", d.conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        d.pid = d.proc.pid
        serving = d.wait_serving(60) is not None and d.state() == "RUNNING"
        new = [int(p["pid"]) for p in d.rpc().supervisor.getAllProcessInfo()] if serving else []
        old_alive = sum(1 for p in old if os.path.exists(f"/proc/{p}") and proc_status(p, "State") not in (None, "Z"))
        for p in old:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        code = d.stop()
        return {"stale_socket_left": stale, "restarted_and_serving": serving, "new_children": len([p for p in new if p]),
                "old_children_still_running": old_alive, "exit": code, "ok": serving and len(new) == 5 and code == 0}
    finally:
        d.cleanup()


def case_signal_storms(kind, binary, q, helper):
    out = {}
    # SIGTERM while 50 programs are STARTING.
    body = "".join(f"[program:st{i:02d}]\ncommand=/bin/sleep 100000\nstartsecs=30\n" for i in range(50))
    d = Daemon(kind, binary, body, pid1=True)
    try:
        wait_until(lambda: d.count("spawned: ") >= 25, 60)
        d.signal(signal.SIGTERM)
        code = d.proc.wait(120)
        out["term_while_starting"] = {"exit": code, "ok": code == 0}
    finally:
        d.cleanup()
    # 20 SIGHUPs in one second.
    body = "".join(f"[program:h{i:02d}]\ncommand=/bin/sleep 100000\nstartsecs=0\n" for i in range(10))
    d = Daemon(kind, binary, body, pid1=True)
    try:
        d.wait_serving()
        for _ in range(20):
            d.signal(signal.SIGHUP)
            time.sleep(0.05)
        def all_running():
            # A reload still queued behind the last HUP can begin between the two calls: SHUTDOWN_STATE is "not yet".
            try:
                return d.state() == "RUNNING" and sum(1 for p in d.rpc().supervisor.getAllProcessInfo()
                                                      if p["statename"] == "RUNNING") == 10
            except xmlrpc.client.Fault as e:
                if e.faultCode != 6:
                    raise
                return False
        running = wait_until(all_running, 120)
        z = zombies(d.pid)
        d.signal(signal.SIGTERM)
        code = d.proc.wait(120)
        out["twenty_hups"] = {"all_running_after": bool(running), "zombies": z, "exit": code, "ok": bool(running) and z == 0 and code == 0}
    finally:
        d.cleanup()
    # SIGUSR2 (reopen logs) during heavy logging.
    body = ("[program:noisy]\ncommand=/bin/sh -c 'i=0; while [ $i -lt 200000 ]; do echo line $i; i=$((i+1)); done; sleep 100000'\n"
            "startsecs=0\nstdout_logfile={DIR}/noisy.log\nstdout_logfile_maxbytes=0\n")
    d = Daemon(kind, binary, body, pid1=True)
    try:
        d.wait_serving()
        for _ in range(20):
            d.signal(signal.SIGUSR2)
            time.sleep(0.1)
        def complete():
            try:
                with open(f"{d.dir}/noisy.log") as f:
                    return f.read().count("\n") >= 200000
            except OSError:
                return False
        done = wait_until(complete, 120, 0.5)
        with open(f"{d.dir}/noisy.log") as f:
            nums = [int(l.split()[1]) for l in f if l.startswith("line ")]
        intact = nums == list(range(200000))
        d.signal(signal.SIGTERM)
        code = d.proc.wait(120)
        out["usr2_while_logging"] = {"lines_intact": intact, "exit": code, "ok": bool(done) and intact and code == 0}
    finally:
        d.cleanup()
    out["ok"] = all(v["ok"] for v in out.values())
    return out


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def case_hostile(kind, binary, q, helper):
    slow_n, slow_s, mutated = (50, 15, 500) if q else (200, 60, 5000)
    port = free_port()
    d = Daemon(kind, binary, flappers(2), inet=port)
    try:
        d.wait_serving()
        time.sleep(1)
        rss0, fds0 = rss_kib(d.pid), fd_count(d.pid)
        # Slowloris: half on the unix socket, half on TCP, one byte every 5 s.
        conns = []
        for i in range(slow_n):
            if i % 2:
                c = socket.socket(socket.AF_UNIX)
                c.connect(d.sock)
            else:
                c = socket.create_connection(("127.0.0.1", port))
            c.setblocking(False)
            conns.append(c)
        request = b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
        worst, end, sent = 0.0, time.time() + slow_s, 0
        while time.time() < end:
            for c in conns:
                try:
                    c.send(request[sent % len(request):sent % len(request) + 1])
                except OSError:
                    pass
            sent += 1
            t = time.perf_counter()
            answered = d.state() == "RUNNING"
            worst = max(worst, time.perf_counter() - t if answered else 999)
            time.sleep(5 if not q else 1)
        for c in conns:
            c.close()
        # Mutated requests, alternating unix and TCP; auth is required on TCP.
        valid = (b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 95\r\n\r\n"
                 b"<?xml version='1.0'?><methodCall><methodName>supervisor.getState</methodName></methodCall>\n")
        rnd, answered_200_tcp = random.Random(14), 0
        for i in range(mutated):
            data = bytearray(valid)
            for _ in range(rnd.randint(1, 8)):
                op = rnd.randint(0, 2)
                pos = rnd.randrange(len(data))
                if op == 0:
                    data[pos] = rnd.randrange(256)
                elif op == 1:
                    del data[pos]
                else:
                    data[pos:pos] = bytes([rnd.randrange(256)]) * rnd.randint(1, 64)
            try:
                if i % 2:
                    c = socket.socket(socket.AF_UNIX)
                    c.settimeout(10)
                    c.connect(d.sock)
                else:
                    c = socket.create_connection(("127.0.0.1", port), timeout=10)
                c.sendall(bytes(data))
                c.shutdown(socket.SHUT_WR)
                reply = c.recv(64)
                if i % 2 == 0 and reply.startswith(b"HTTP/1.") and reply[9:12] == b"200":
                    answered_200_tcp += 1
                c.close()
            except OSError:
                pass
        # Every URL without credentials on TCP.
        bypass = []
        for method, path in [("GET", "/"), ("GET", "/index.html"), ("GET", "/tail.html"), ("POST", "/RPC2"), ("GET", "/RPC2"),
                             ("GET", "/logtail/flap00"), ("GET", "/logtail/flap00/stderr"), ("GET", "/mainlogtail"),
                             ("GET", "/stylesheets/supervisor.css"), ("GET", "/images/icon.png"), ("GET", "/metrics"),
                             ("GET", "/..%2f..%2fetc/passwd"), ("GET", "//RPC2"), ("GET", "/RPC2/../logtail/flap00")]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request(method, path, body=b"" if method == "POST" else None)
            status = conn.getresponse().status
            conn.close()
            if status != 401:
                bypass.append(f"{method} {path} -> {status}")
        state_after = d.state()
        fds1 = wait_until(lambda: fd_count(d.pid) <= fds0 + 2 and fd_count(d.pid), 30) or fd_count(d.pid)
        rss1 = rss_kib(d.pid)
        code = d.stop()
        return {"slowloris_connections": slow_n, "slowloris_seconds": slow_s, "getState_worst_ms": round(worst * 1000, 1),
                "mutated_requests": mutated, "mutated_tcp_answered_200_without_auth": answered_200_tcp,
                "urls_without_auth_not_401": bypass, "state_after": state_after, "rss_kib_before": rss0, "rss_kib_after": rss1,
                "fds_before": fds0, "fds_after": fds1, "exit": code,
                "ok": worst < 5 and state_after == "RUNNING" and not bypass and answered_200_tcp == 0 and fds1 <= fds0 + 2 and code == 0}
    finally:
        d.cleanup()


CASES = ["orphans", "exits", "rpc_load", "soak", "rotation", "full_disk", "sigkill_restart", "signal_storms", "hostile"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--bin", default=os.environ.get("SUPERNET_BIN", os.path.join(ROOT, "artifacts", "bin")))
    ap.add_argument("--daemons", default="supernetd,supervisord")
    ap.add_argument("cases", nargs="*", default=CASES)
    a = ap.parse_args()
    binaries = {"supernetd": os.path.join(a.bin, "supernetd"), "supervisord": SUPERVISORD}
    helper = os.path.join(a.bin, "snhelper")
    failed = False
    for case in a.cases:
        for kind in a.daemons.split(","):
            started = time.time()
            try:
                result = globals()["case_" + case](kind, binaries[kind], a.quick, helper)
            except Exception as e:  # a case that breaks is a failed case with its reason
                result = {"ok": False, "error": f"{type(e).__name__}: {e}"}
            result = {"case": case, "daemon": kind, "quick": a.quick, "wall_s": round(time.time() - started, 1), **result}
            print(json.dumps(result), flush=True)
            failed |= kind == "supernetd" and not result["ok"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
