#!/usr/bin/python3
"""Runs the real supervisorctl commands below against a server (configured by the [supervisorctl]
section of <conf>) and writes their normalised output and exit status as JSON.

usage: ctl_calls.py <conf> <basedir> <out.json>
"""
import json, re, subprocess, sys

# Order matters: later commands see the state earlier ones left. shutdown comes last.
COMMANDS = [
    "status", "status sleeper", "status web:*", "status nosuch", "status nosuch:*", "status idle missing",
    "pid", "pid sleeper", "pid all", "pid idle", "pid nosuch",
    "version", "avail", "reread", "update",
    "start sleeper", "start missing", "start nosuch", "start web", "start nosuch:*", "start web:*",
    "stop idle", "stop nosuch", "stop nosuch:*",
    "signal HUP idle", "signal BOGUS sleeper", "signal CONT web:*", "signal CONT nosuch", "signal HUP",
    "tail sleeper", "tail -5 sleeper", "tail -0 sleeper", "tail sleeper stderr", "tail idle", "tail nosuch",
    "tail web:web_00 stderr", "tail sleeper bogus", "tail -x sleeper",
    "clear idle", "clear nosuch", "clear",
    "start idle", "status idle", "stop idle", "restart idle", "stop idle",
    "stop web:*", "start web:*", "restart web:*",
    "remove sleeper", "remove missing", "reread", "add missing", "add missing", "add nosuch", "update", "update nosuch",
    "stop all", "start all", "status",
    "shutdown",
]


def normalise(text, basedir):
    text = text.replace(basedir, "<dir>")
    text = re.sub(r"pid \d+, uptime \d+:\d\d:\d\d", "pid <pid>, uptime <uptime>", text)
    text = re.sub(r"\w{3} \d\d \d\d:\d\d [AP]M", "<stoptime>", text)
    return text


def main(conf, basedir, out):
    results = []
    for command in COMMANDS:
        p = subprocess.run(["/usr/bin/supervisorctl", "-c", conf] + command.split(),
                           capture_output=True, text=True, timeout=60)
        stdout = normalise(p.stdout, basedir)
        if command.startswith("pid"):
            stdout = re.sub(r"(?m)^[1-9]\d*$", "<pid>", stdout)
        results.append({"command": command, "exit": p.returncode, "stdout": stdout,
                        "stderr": normalise(p.stderr, basedir)})
    with open(out, "w") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
