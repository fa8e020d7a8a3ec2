"""Parses a /metrics answer with prometheus_client's own parsers and checks it against getAllProcessInfo.

Usage: metrics_check.py METRICS_FILE FORMAT(text|openmetrics) SOCKET USER PASSWORD
Prints one JSON object: {"families": [...], "processes": N}; exits 1 with the mismatches on stderr.
"""
import json
import sys
import xmlrpc.client

from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.openmetrics.parser import text_string_to_metric_families as openmetrics_families
from supervisor.xmlrpc import SupervisorTransport

path, fmt, sock, user, password = sys.argv[1:6]
text = open(path, encoding="utf-8").read()
parse = openmetrics_families if fmt == "openmetrics" else text_string_to_metric_families
families = {f.name: f for f in parse(text)}

proxy = xmlrpc.client.ServerProxy("http://127.0.0.1", transport=SupervisorTransport(user, password, "unix://" + sock))
infos = proxy.supervisor.getAllProcessInfo()

def value(family, **labels):
    found = [s.value for s in families[family].samples
             if all(s.labels.get(k) == v for k, v in labels.items()) and not s.name.endswith("_created")]
    return found[0] if found else None

problems = []
for info in infos:
    key = dict(group=info["group"], name=info["name"])
    checks = [
        ("supernet_process_state", info["state"]),
        ("supernet_process_pid", info["pid"]),
        ("supernet_process_up", 1 if info["statename"] == "RUNNING" else 0),
    ]
    for family, expected in checks:
        got = value(family, **key)
        if got != expected:
            problems.append(f"{family}{key}: metrics say {got}, getAllProcessInfo {expected}")
    uptime = value("supernet_process_uptime_seconds", **key)
    # start and now are whole seconds, read after the scrape: uptime may lead their difference by under a second.
    if info["statename"] == "RUNNING" and not (-1 < info["now"] - info["start"] - uptime <= 5):
        problems.append(f"uptime {key}: {uptime} against start {info['start']} now {info['now']}")

for needed in ["supernet_process_starts", "supernet_process_output_bytes", "supernet_process_restarts", "supernet_process_exits",
               "supernet_process_signal_exits", "supernet_event_queue_depth", "process_resident_memory_bytes",
               "process_cpu_seconds", "process_open_fds", "supernet_rpc_requests", "supernet_rpc_request_duration_seconds"]:
    if needed not in families:
        problems.append(f"missing family {needed}")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)

samples = {}
for f in families.values():
    for s in f.samples:
        samples[s.name + json.dumps(s.labels, sort_keys=True)] = s.value
print(json.dumps({"families": sorted(families), "processes": len(infos), "types": {n: f.type for n, f in families.items()}, "samples": samples}))
