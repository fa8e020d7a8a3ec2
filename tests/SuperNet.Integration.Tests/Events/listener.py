"""A supervisord event listener built on supervisor.childutils, run unchanged under both daemons.

usage: listener.py FILE MODE [ARG]
Appends one JSON line per delivery ({"headers": {...}, "payload": "..."}) to FILE, then answers:
  ok            always OK
  fail-first N  FAIL to the first N deliveries, then OK
  garbage       a non-protocol line instead of the first RESULT (records {"garbage": "result"})
  fatal-kill    OK; on PROCESS_STATE_FATAL, SIGTERM to the parent (the container idiom)
  slow S        sleeps S seconds before each OK
  hold S        sleeps S seconds before its first OK only, then answers at once
  deaf          closes its stdin, says READY and sleeps: the daemon's writes to it fail with EPIPE
  exit-first    exits 1 without answering its first delivery ever (FILE.exited marks it), then OK
  hold-first E  the listener's first run (FILE.ran marks it) ignores SIGTERM and holds each delivery of event E for
                60 s before its OK, so it records whatever it is sent and dies (SIGKILL) holding it; later runs
                answer at once
  huge-first    answers its first delivery ever with a RESULT length past 2**31 and two bytes, and exits 1 (as
                exit-first), then OK
  huge-hold     answers its first delivery with a RESULT length past 2**31 and 1 MiB of its body, then blocks
"""
import json
import os
import signal
import sys
import time

from supervisor import childutils


def record(out, entry):
    out.write(json.dumps(entry) + "\n")
    out.flush()


def main(path, mode, arg=None):
    deliveries = 0
    if mode == "deaf":
        # Closed before READY: a daemon may write an event the moment it reads READY, and that write must fail.
        os.close(0)
        childutils.listener.ready(sys.stdout)
        time.sleep(1000)
        return
    first_run = mode == "hold-first" and not os.path.exists(path + ".ran")
    if first_run:
        open(path + ".ran", "w").close()
        # SIGTERM may come the moment an event is written: ignored, the event is read and recorded all the same.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with open(path, "a", encoding="utf-8") as out:
        while True:
            headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
            deliveries += 1
            record(out, {"headers": headers, "payload": payload})
            if mode == "fail-first" and deliveries <= int(arg):
                childutils.listener.fail(sys.stdout)
                continue
            if mode == "garbage":
                # Instead of "RESULT 2\nOK": supervisord logs a bad result line, puts the listener in the
                # UNKNOWN state for good and re-queues the event, so this exercises the most handling.
                record(out, {"garbage": "result"})
                sys.stdout.write("NOT A RESULT LINE\n")
                sys.stdout.flush()
                sys.stdin.read()  # never answered again; block until the daemon closes stdin
                return
            if mode == "huge-first" and not os.path.exists(path + ".exited"):
                # supervisord's int() takes any length: the listener stays BUSY, waiting for the rest.
                sys.stdout.write("RESULT 3000000000\nOK")
                sys.stdout.flush()
                open(path + ".exited", "w").close()
                sys.exit(1)
            if mode == "huge-hold":
                sys.stdout.write("RESULT 3000000000\n" + "x" * (1 << 20))
                sys.stdout.flush()
                sys.stdin.read()  # BUSY until the daemon closes stdin
                return
            if mode == "exit-first" and not os.path.exists(path + ".exited"):
                open(path + ".exited", "w").close()
                sys.exit(1)
            if mode == "fatal-kill" and headers["eventname"] == "PROCESS_STATE_FATAL":
                os.kill(os.getppid(), signal.SIGTERM)
            if first_run and headers["eventname"] == arg:
                time.sleep(60)
            if mode == "slow" or (mode == "hold" and deliveries == 1):
                time.sleep(float(arg))
            childutils.listener.ok(sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:])
