#!/usr/bin/python3
"""The control-plane benchmark of tests/SuperNet.Rpc.Tests/bench/bench.py, but with the real supernetd (engine,
published view, RPC) instead of RpcBench's static backend: both daemons get the same configuration of N stopped
programs. Not a test: it prints numbers.

usage: bench_daemon.py <path to supernetd> [seconds per measurement]
"""
import os, subprocess, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "SuperNet.Rpc.Tests", "bench"))
import bench  # noqa: E402


def supernetd(binary, work, n):
    """The configuration bench.supervisord writes, run by supernetd."""
    conf = os.path.join(work, "sv.conf")
    with open(conf, "w") as f:
        f.write(f"[unix_http_server]\nfile={work}/sv.sock\n[supervisord]\nlogfile={work}/sv.log\npidfile={work}/sv.pid\n"
                "nodaemon=true\n[rpcinterface:supervisor]\n"
                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n")
        for i in range(n):
            f.write(f"[program:prog_{i:04d}]\ncommand=sleep 1000\nautostart=false\nstdout_logfile={work}/p{i}.log\n")
    return subprocess.Popen([binary, "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), f"{work}/sv.sock"


if __name__ == "__main__":
    binary = os.path.abspath(sys.argv[1])
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3
    # bench.measure passes the binary to whichever starter is bench.supernet.
    bench.supernet = supernetd
    ours = bench.measure(supernetd, binary, seconds)
    theirs = bench.measure(bench.supervisord, binary, seconds)
    print(f"{'measurement':55} {'supervisord 4.2.5':>18} {'supernetd':>10}")
    for key in ours:
        print(f"{key:55} {theirs[key]:18.1f} {ours[key]:10.1f}")
