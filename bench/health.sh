#!/usr/bin/env bash
# The cost of a container HEALTHCHECK: median wall time of `supernetctl health` against supernetd beside
# `supervisorctl status` against supervisord 4.2.5 (its nearest equivalent), 20 programs, the same config,
# measured in the same run with the calls alternating.
#   usage: bench/health.sh [runs]   (default 20; needs artifacts/bin from `dotnet publish`, or SUPERNET_BIN)
set -euo pipefail

runs=${1:-20}
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=${SUPERNET_BIN:-$repo/artifacts/bin}
work=$(mktemp -d /tmp/health-bench.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

write_config() {  # dir
    {
        printf '[supervisord]\nlogfile=%s/main.log\npidfile=%s/sv.pid\nchildlogdir=%s\nnodaemon=true\nsilent=true\n\n' "$1" "$1" "$1"
        printf '[unix_http_server]\nfile=%s/sv.sock\n\n[supervisorctl]\nserverurl=unix://%s/sv.sock\n\n' "$1" "$1"
        printf '[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n'
        for i in $(seq -w 1 20); do
            printf '[program:p%s]\ncommand=/bin/sleep 100000\nstartsecs=0\nstdout_logfile=NONE\nstderr_logfile=NONE\n\n' "$i"
        done
    } > "$1/supervisord.conf"
}

mkdir "$work/ours" "$work/theirs"
write_config "$work/ours"
write_config "$work/theirs"
"$bin/supernetd" -c "$work/ours/supervisord.conf" & pids+=($!)
/usr/bin/supervisord -c "$work/theirs/supervisord.conf" & pids+=($!)
for _ in $(seq 100); do
    if "$bin/supernetctl" -c "$work/ours/supervisord.conf" health >/dev/null 2>&1 \
        && /usr/bin/supervisorctl -c "$work/theirs/supervisord.conf" status >/dev/null 2>&1; then break; fi
    sleep 0.1
done

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
ours=(); theirs=()
for _ in $(seq "$runs"); do
    ours+=("$(ms "$bin/supernetctl" -c "$work/ours/supervisord.conf" health)")
    theirs+=("$(ms /usr/bin/supervisorctl -c "$work/theirs/supervisord.conf" status)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "supernetctl health (supernetd):    median $(median "${ours[@]}") ms over $runs runs"
echo "supervisorctl status (supervisord): median $(median "${theirs[@]}") ms over $runs runs"
