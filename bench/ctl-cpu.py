#!/usr/bin/env python3
"""Client CPU and wall time (issue 9's client targets): `supernetctl help` (no server) and `status` with 100 programs,
beside supervisorctl on the same daemon, calls interleaved so machine noise hits every client alike. CPU is the
child's user+sys from wait4's rusage (posix_spawn, so the parent's fork is not counted). Two floors run in the same
loop: /bin/true (exec and exit alone) and a Native AOT program that writes one line (bench/ctl-floor, built with
supernetctl's settings), i.e. what any .NET CLI costs before it does anything.
--base DIR adds a second supernetctl (e.g. main's build) to the same loop, so a change is measured against the build
before it under the same noise ("base help", "base status" rows).
Usage: /usr/bin/python3 bench/ctl-cpu.py [--bin artifacts/bin] [--base DIR] [--runs 40] [--server supernetd|supervisord]
       [--json f]
"""
import argparse, json, os, statistics, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rpc import start, stop, wait_answers, wait_until, running_count  # noqa: E402  (one daemon harness for both benches)

HERE = os.path.dirname(os.path.abspath(__file__))
QUIET = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0), (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]


def publish_floor(out_dir):
    subprocess.run(["dotnet", "publish", os.path.join(HERE, "ctl-floor"), "-c", "Release", "-o", out_dir,
                    "-nologo", "-v", "quiet"], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(out_dir, "ctl-floor")


def run_once(argv):
    t0 = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=QUIET)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) not in (0, 1, 3):
        raise RuntimeError(f"{argv} exited with {status}")
    return (usage.ru_utime + usage.ru_stime) * 1000, wall * 1000


def measure(commands, runs):
    samples = {name: ([], []) for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            cpu, wall = run_once(argv)
            samples[name][0].append(cpu)
            samples[name][1].append(wall)
    return {name: dict(cpu_ms=statistics.median(c), wall_ms=statistics.median(w)) for name, (c, w) in samples.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "artifacts", "bin"))
    ap.add_argument("--base", help="a second supernetctl's directory, measured in the same loop")
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--server", choices=["supernetd", "supervisord"], default="supernetd")
    ap.add_argument("--json")
    a = ap.parse_args()
    supernetctl = os.path.abspath(os.path.join(a.bin, "supernetctl"))
    daemon = os.path.abspath(os.path.join(a.bin, "supernetd")) if a.server == "supernetd" else "/usr/bin/supervisord"
    d, conf, proc = start(daemon, 100, True)
    try:
        floor = publish_floor(os.path.join(d, "floor"))
        sock_path = os.path.join(d, "sv.sock")
        wait_answers(sock_path, 120)
        wait_until(lambda: running_count(sock_path) >= 100, 300)
        commands = {
            "/bin/true": ["/bin/true"],
            "AOT hello (floor)": [floor],
            "supernetctl help": [supernetctl, "-c", conf, "help"],
            "supervisorctl help": ["/usr/bin/supervisorctl", "-c", conf, "help"],
            "supernetctl status": [supernetctl, "-c", conf, "status"],
            "supervisorctl status": ["/usr/bin/supervisorctl", "-c", conf, "status"],
        }
        if a.base:
            base = os.path.abspath(os.path.join(a.base, "supernetctl"))
            commands["base help"] = [base, "-c", conf, "help"]
            commands["base status"] = [base, "-c", conf, "status"]
        out = measure(commands, a.runs)
    finally:
        stop(d, proc)
    load = os.getloadavg()
    print(f"{'median of ' + str(a.runs) + ' interleaved runs, server ' + a.server:44} {'CPU ms':>8} {'wall ms':>8}")
    for name, v in out.items():
        print(f"{name:44} {v['cpu_ms']:8.2f} {v['wall_ms']:8.2f}")
    for prefix in ("supernetctl", "base") if a.base else ("supernetctl",):
        for cmd in ("help", "status"):
            ours, theirs = out[f"{prefix} {cmd}"], out[f"supervisorctl {cmd}"]
            print(f"{cmd + ' ratio ' + prefix + '/supervisorctl':44} {ours['cpu_ms'] / theirs['cpu_ms']:8.3f} {ours['wall_ms'] / theirs['wall_ms']:8.3f}")
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(bench="ctl-cpu", server=a.server, runs=a.runs, loadavg=load, clients=out), f, indent=1)


if __name__ == "__main__":
    main()
