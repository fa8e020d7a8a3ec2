#!/usr/bin/python3
"""Re-makes the goldens in golden/ from the real supervisord 4.2.5: /usr/bin/python3 capture.py"""
import os, shutil, socket, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "golden")


def start(conf_text, workdir):
    conf = os.path.join(workdir, "supervisord.conf")
    with open(conf, "w") as f:
        f.write(conf_text)
    proc = subprocess.Popen(["/usr/bin/supervisord", "-c", conf], cwd=workdir,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sock = os.path.join(workdir, "sv.sock")
    deadline = time.time() + 15
    while not os.path.exists(sock):
        if time.time() > deadline:
            sys.exit("supervisord did not create its socket")
        time.sleep(0.05)
    time.sleep(1.5)  # let autostart programs reach RUNNING and write their first output
    return proc, sock


def stop(proc):
    proc.terminate()
    proc.wait(30)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    os.makedirs(GOLDEN, exist_ok=True)
    script = os.path.join(HERE, "rpc_calls.py")
    work = tempfile.mkdtemp(prefix="sv-oracle-")
    try:
        os.makedirs(os.path.join(work, "logs"))
        proc, sock = start(open(os.path.join(HERE, "oracle.conf")).read(), work)
        try:
            subprocess.check_call([sys.executable, script, "http", sock, work, os.path.join(GOLDEN, "http.json")])
            subprocess.check_call([sys.executable, script, "rpc", "unix://" + sock, work, os.path.join(GOLDEN, "rpc.json")])
        finally:
            stop(proc)
        shutil.rmtree(work)
        os.makedirs(os.path.join(work, "logs"))
        proc, sock = start(open(os.path.join(HERE, "oracle.conf")).read(), work)
        try:
            subprocess.check_call([sys.executable, os.path.join(HERE, "ctl_calls.py"),
                                   os.path.join(work, "supervisord.conf"), work, os.path.join(GOLDEN, "ctl.json")])
        finally:
            stop(proc)
        shutil.rmtree(work)
        os.makedirs(work)
        port = free_port()
        proc, sock = start(open(os.path.join(HERE, "auth.conf")).read().replace("PORT", str(port)), work)
        try:
            subprocess.check_call([sys.executable, script, "auth", sock, str(port), os.path.join(GOLDEN, "auth.json")])
        finally:
            stop(proc)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
