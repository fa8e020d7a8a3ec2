#!/usr/bin/env python3
"""Draws docs/performance.md's plots from the JSON that bench/run-all.sh collects, and prints the figures as
a Markdown table (supernetd, supervisord, ratio).
Usage: /usr/bin/python3 bench/plot.py [results-dir] [image-dir]   (needs python3-matplotlib)
"""
import json, os, sys

import matplotlib
matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt

DAEMONS = ["supernetd", "supervisord"]
COLORS = {"supernetd": "#1f77b4", "supervisord": "#ff7f0e", "supernetctl": "#1f77b4", "supervisorctl": "#ff7f0e"}


def load(results, name):
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def save(fig, images, name):
    fig.tight_layout()
    fig.savefig(os.path.join(images, name), dpi=100)
    plt.close(fig)
    print(f"wrote {os.path.join(images, name)}", file=sys.stderr)


def engine_plots(engine, images, rows):
    scaled = [r for r in engine["results"] if not r.get("shutdown_only")]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for daemon in DAEMONS:
        mine = sorted((r for r in scaled if r["daemon"] == daemon), key=lambda r: r["programs"])
        xs = [r["programs"] for r in mine]
        left.plot(xs, [r["running"] for r in mine], "o-", color=COLORS[daemon], label=daemon)
        right.plot(xs, [r["rss_mib"] for r in mine], "o-", color=COLORS[daemon], label=daemon)
        for r in mine:
            if not r["ok"]:  # the bench gave up waiting: the true time is longer
                left.annotate("not all RUNNING\nat the time limit", (r["programs"], r["running"]), ha="right", va="top", fontsize=8)
    left.set(title="Start-up: launch until all RUNNING", xlabel="programs", ylabel="seconds")
    right.set(title="Daemon RSS with all RUNNING", xlabel="programs", ylabel="MiB")
    for axis in (left, right):
        axis.grid(alpha=0.3)
        axis.legend()
    save(fig, images, "perf-startup-memory.png")
    by = {(r["daemon"], r["programs"], bool(r.get("shutdown_only"))): r for r in engine["results"]}
    for n in sorted({r["programs"] for r in scaled}):
        limited = "" if all(by[(d, n, False)]["ok"] for d in DAEMONS) else " (supervisord: not all RUNNING at the time limit)"
        rows.append((f"start-up until {n} RUNNING (s){limited}", by[("supernetd", n, False)]["running"], by[("supervisord", n, False)]["running"]))
        rows.append((f"RSS with {n} programs (MiB)", by[("supernetd", n, False)]["rss_mib"], by[("supervisord", n, False)]["rss_mib"]))
    idle = [r for r in scaled if r.get("idle_cs") is not None]
    for daemon_pair in [tuple(next(r for r in idle if r["daemon"] == d) for d in DAEMONS)] if idle else []:
        rows.append((f"idle wake-ups, 100 programs, 20 s (voluntary ctx switches)", daemon_pair[0]["idle_cs"], daemon_pair[1]["idle_cs"]))
    rows.append(("shutdown with 1 program (s)", by[("supernetd", 1, True)]["stop"], by[("supervisord", 1, True)]["stop"]))


def bars(axis, title, unit, values, labels=DAEMONS):
    axis.bar(labels, values, color=[COLORS[l] for l in labels])
    axis.set(title=title, ylabel=unit)
    for x, v in enumerate(values):
        axis.annotate(f"{v:.3g}", (x, v), ha="center", va="bottom")
    axis.grid(axis="y", alpha=0.3)


def cost_plots(cost, images, rows):
    fig, axes = plt.subplots(1, 4, figsize=(14, 3.8))
    bars(axes[0], "CPU per getAllProcessInfo\n(100 programs)", "daemon CPU ms", [cost["rpc_cpu_ms"][d] for d in DAEMONS])
    bars(axes[1], "Crash loop: CPU per spawn", "daemon CPU ms", [cost["crash_loop"][d]["cpu_ms_per_spawn"] or 0 for d in DAEMONS])
    bars(axes[2], f"Log throughput ({cost['mib']} MiB)", "MiB/s", [cost["log"][d]["mib_per_s"] for d in DAEMONS])
    bars(axes[3], "Log: CPU per MiB", "daemon CPU ms", [cost["log"][d]["cpu_ms_per_mib"] for d in DAEMONS])
    save(fig, images, "perf-daemon-cost.png")
    rows.append(("daemon CPU per getAllProcessInfo, 100 programs (ms)", *[cost["rpc_cpu_ms"][d] for d in DAEMONS]))
    rows.append(("crash loop: restarts per second", *[cost["crash_loop"][d]["spawns_per_s"] for d in DAEMONS], None))
    rows.append(("crash loop: daemon CPU per restart (ms)", *[cost["crash_loop"][d]["cpu_ms_per_spawn"] or 0 for d in DAEMONS]))
    rows.append(("crash loop: daemon CPU (%)", *[cost["crash_loop"][d]["cpu_percent"] for d in DAEMONS], None))
    rows.append(("log throughput into a file (MiB/s)", *[cost["log"][d]["mib_per_s"] for d in DAEMONS], True))
    rows.append(("log: daemon CPU per MiB (ms)", *[cost["log"][d]["cpu_ms_per_mib"] for d in DAEMONS]))


def ctl_plots(ctl, images, rows, ctl_on_ours):
    clients = ["supernetctl", "supervisorctl"]
    kinds = [("status", "status (100 programs)"), ("version", "version"), ("refused", "no server")]
    fig, axis = plt.subplots(figsize=(7, 4))
    width = 0.38
    for i, client in enumerate(clients):
        values = [ctl["median_us"][k][client] / 1000 for k, _ in kinds]
        xs = [x + (i - 0.5) * width for x in range(len(kinds))]
        axis.bar(xs, values, width, label=client, color=COLORS[client])
        for x, v in zip(xs, values):
            axis.annotate(f"{v:.1f}", (x, v), ha="center", va="bottom")
    axis.set_xticks(range(len(kinds)), [label for _, label in kinds])
    axis.set(title="Client latency, median wall time (server: supervisord 4.2.5)", ylabel="ms")
    axis.legend()
    axis.grid(axis="y", alpha=0.3)
    save(fig, images, "perf-ctl.png")
    for k, label in kinds:
        rows.append((f"ctl `{label}` median (ms), supernetctl vs supervisorctl", ctl["median_us"][k]["supernetctl"] / 1000, ctl["median_us"][k]["supervisorctl"] / 1000))
    if ctl_on_ours:
        rows.append(("server floor: getVersion+getAllProcessInfo in one Python client (ms)", ctl_on_ours["median_us"]["server_floor"] / 1000, ctl["median_us"]["server_floor"] / 1000))


def events_plots(events, images, rows):
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    bars(left, f"{events['events']} events delivered", "events per second", [events["events"] / events["delivery_s"][d] for d in DAEMONS])
    kinds = list(events["idle_ctx_switches"])
    width = 0.38
    for i, daemon in enumerate(DAEMONS):
        xs = [x + (i - 0.5) * width for x in range(len(kinds))]
        right.bar(xs, [events["idle_ctx_switches"][k][daemon] for k in kinds], width, label=daemon, color=COLORS[daemon])
    right.set_xticks(range(len(kinds)), [f"listener for\n{k}" for k in kinds])
    right.set(title=f"Idle wake-ups in {events['idle_seconds']} s", ylabel="voluntary context switches")
    right.legend()
    save(fig, images, "perf-events.png")
    rows.append(("event delivery (events/s)", *[events["events"] / events["delivery_s"][d] for d in DAEMONS], True))
    for k in kinds:
        rows.append((f"idle wake-ups with a {k} listener, {events['idle_seconds']} s", *[events["idle_ctx_switches"][k][d] for d in DAEMONS]))


def number(value):
    return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    results = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "results")
    images = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "docs", "img")
    os.makedirs(images, exist_ok=True)
    rows = []
    if engine := load(results, "engine.json"):
        engine_plots(engine, images, rows)
    if cost := load(results, "daemon-cost.json"):
        cost_plots(cost, images, rows)
    if ctl := load(results, "ctl.json"):
        ctl_plots(ctl, images, rows, load(results, "ctl-supernetd.json"))
    if events := load(results, "events.json"):
        events_plots(events, images, rows)
    # Rows are (label, supernetd, supervisord[, direction]): lower is better unless direction is True;
    # None marks a count that is neither (how often a crash loop restarts is policy, not speed).
    print("| measurement | supernetd | supervisord 4.2.5 | SuperNet's advantage |")
    print("|---|---:|---:|---:|")
    for label, ours, theirs, *direction in rows:
        higher_better = direction[0] if direction else False
        if higher_better is None or not ours or not theirs:
            ratio = "-"
        else:
            ratio = f"{(ours / theirs if higher_better else theirs / ours):.1f}x"
        print(f"| {label} | {number(ours)} | {number(theirs)} | {ratio} |")


if __name__ == "__main__":
    main()
