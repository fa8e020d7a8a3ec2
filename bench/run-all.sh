#!/usr/bin/env bash
# Runs every benchmark in one go (supernetd beside supervisord 4.2.5 in each), writes their JSON results to
# bench/results/, then draws the plots docs/performance.md shows (bench/plot.py).
#   usage: bench/run-all.sh [--bin artifacts/bin]      (needs: apt-get install -y supervisor python3-matplotlib)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin="$repo/artifacts/bin"
[ "${1:-}" = "--bin" ] && bin=$(cd "$2" && pwd)
out="$repo/bench/results"
mkdir -p "$out"
py=/usr/bin/python3   # Debian's: it has the supervisor package the benches use as a client
cd "$repo"

echo "== engine" >&2
"$py" bench/engine.py --bin "$bin" --counts 1,100,500,1000 --logs files --json "$out/engine.json"
echo "== events" >&2
"$py" bench/events.py --bin "$bin" --json "$out/events.json"
echo "== daemon cost" >&2
"$py" bench/daemon-cost.py --bin "$bin" --json "$out/daemon-cost.json"
echo "== JSON API and /metrics" >&2
"$py" bench/api.py --bin "$bin" --json "$out/api.json"
echo "== ctl start-up (supervisord as the server)" >&2
bench/ctl-startup.sh 20 "$out/ctl.json"
echo "== ctl start-up (supernetd as the server)" >&2
SUPERNET_CTL_SERVER="$bin/supernetd" bench/ctl-startup.sh 20 "$out/ctl-supernetd.json"
{ date -u '+%Y-%m-%dT%H:%M:%SZ'; nproc; cut -d' ' -f1-3 /proc/loadavg; git rev-parse --short HEAD; } > "$out/run.txt"
"$py" bench/plot.py "$out" "$repo/docs/img"
