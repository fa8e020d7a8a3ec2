#!/usr/bin/env bash
# Publishes supernetctl as a Native AOT binary, starts a server (the real supervisord 4.2.5, or the one
# $SUPERNET_CTL_SERVER names, e.g. artifacts/bin/supernetd) with 100 programs on a unix socket, and reports
# the median wall time of 20 `status` calls for supernetctl and supervisorctl, measured in the same run
# (calls alternate so machine noise hits both), plus the binary's size.
#   usage: [SUPERNET_CTL_SERVER=path] bench/ctl-startup.sh [runs] [json-file]   (default 20 runs; the
#   json file, when given, receives the medians in microseconds for bench/plot.py)
set -euo pipefail

runs=${1:-20}
json=${2:-}
repo=$(cd "$(dirname "$0")/.." && pwd)
server=${SUPERNET_CTL_SERVER:-/usr/bin/supervisord}
work=$(mktemp -d /tmp/ctl-bench.XXXXXX)
supervisord_pid=
cleanup() {
    if [[ -n $supervisord_pid ]]; then
        kill -TERM "$supervisord_pid" 2>/dev/null || true
        wait "$supervisord_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "publishing supernetctl (Native AOT)..." >&2
dotnet publish "$repo/src/SuperNet.Ctl" -c Release -o "$work/bin" -nologo -v quiet >&2
ctl="$work/bin/supernetctl"

cat > "$work/supervisord.conf" <<CONF
[unix_http_server]
file=$work/s.sock

[supervisord]
logfile=$work/supervisord.log
pidfile=$work/supervisord.pid
childlogdir=$work
nodaemon=true
silent=true

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://$work/s.sock

[program:p]
command=sleep 100000
numprocs=100
process_name=%(program_name)s_%(process_num)03d
startsecs=0
CONF

"$server" -c "$work/supervisord.conf" &
supervisord_pid=$!
for _ in $(seq 200); do
    if "$ctl" -c "$work/supervisord.conf" status 2>/dev/null | grep -q RUNNING \
        && ! "$ctl" -c "$work/supervisord.conf" status | grep -qv RUNNING; then
        break
    fi
    sleep 0.1
done
count=$("$ctl" -c "$work/supervisord.conf" status | grep -c RUNNING || true)
echo "$server up with $count RUNNING programs" >&2

# wall time of one call in microseconds
time_us() {
    local start end
    start=$EPOCHREALTIME
    "$@" >/dev/null || true
    end=$EPOCHREALTIME
    echo $(( (${end/./} - ${start/./}) ))
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

# one warm-up call each (page cache, socket path)
time_us "$ctl" -c "$work/supervisord.conf" status >/dev/null
time_us /usr/bin/supervisorctl -c "$work/supervisord.conf" status >/dev/null

: > "$work/ours"; : > "$work/theirs"; : > "$work/ours-v"; : > "$work/theirs-v"
for _ in $(seq "$runs"); do
    time_us "$ctl" -c "$work/supervisord.conf" status >> "$work/ours"
    time_us /usr/bin/supervisorctl -c "$work/supervisord.conf" status >> "$work/theirs"
done
# `version` asks for almost nothing; a refused connection involves no server at all: both show the
# clients' own start-up cost.
: > "$work/ours-r"; : > "$work/theirs-r"
for _ in $(seq "$runs"); do
    time_us "$ctl" -s http://127.0.0.1:1 status >> "$work/ours-r"
    time_us /usr/bin/supervisorctl -s http://127.0.0.1:1 status >> "$work/theirs-r"
done
for _ in $(seq "$runs"); do
    time_us "$ctl" -c "$work/supervisord.conf" version >> "$work/ours-v"
    time_us /usr/bin/supervisorctl -c "$work/supervisord.conf" version >> "$work/theirs-v"
done

# The server's own share: the two calls `status` makes (getVersion, getAllProcessInfo), timed inside one
# long-lived Python client, so no client start-up is included. No client can beat this floor.
floor=$(/usr/bin/python3 - "$work/s.sock" "$runs" <<'PY'
import sys, time, xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport
sock, runs = sys.argv[1], int(sys.argv[2])
times = []
for _ in range(runs):
    proxy = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + sock))
    start = time.perf_counter()
    proxy.supervisor.getVersion()
    proxy.supervisor.getAllProcessInfo()
    times.append(int((time.perf_counter() - start) * 1e6))
times.sort()
print(times[len(times) // 2])
PY
)

ours=$(median < "$work/ours")
theirs=$(median < "$work/theirs")
ours_v=$(median < "$work/ours-v")
ours_r=$(median < "$work/ours-r")
theirs_r=$(median < "$work/theirs-r")
theirs_v=$(median < "$work/theirs-v")
size=$(stat -c %s "$ctl")
printf 'server:                      %s\n' "$server"
printf 'programs:                    %d\n' "$count"
printf 'supernetctl status median:   %d.%03d ms (%d runs)\n' $((ours / 1000)) $((ours % 1000)) "$runs"
printf 'supervisorctl status median: %d.%03d ms (%d runs)\n' $((theirs / 1000)) $((theirs % 1000)) "$runs"
printf 'server floor (2 RPCs):       %d.%03d ms (median, measured in-process)\n' $((floor / 1000)) $((floor % 1000))
printf 'ratio:                       %s\n' "$(awk -v a="$theirs" -v b="$ours" 'BEGIN {printf "%.1fx faster", a / b}')"
printf 'supernetctl version median:  %d.%03d ms\n' $((ours_v / 1000)) $((ours_v % 1000))
printf 'supervisorctl version median: %d.%03d ms\n' $((theirs_v / 1000)) $((theirs_v % 1000))
printf 'supernetctl refused median:  %d.%03d ms (no server: start-up only)\n' $((ours_r / 1000)) $((ours_r % 1000))
printf 'supervisorctl refused median: %d.%03d ms\n' $((theirs_r / 1000)) $((theirs_r % 1000))
printf 'load average:                %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'supernetctl binary:          %d bytes (%.1f MiB)\n' "$size" "$(awk -v s="$size" 'BEGIN {print s / 1048576}')"
if [[ -n $json ]]; then
    printf '{"bench": "ctl", "server": "%s", "programs": %d, "runs": %d, "loadavg": "%s", "supernetctl_bytes": %d,\n' \
        "$server" "$count" "$runs" "$(cut -d' ' -f1-3 /proc/loadavg)" "$size" > "$json"
    printf ' "median_us": {"status": {"supernetctl": %d, "supervisorctl": %d}, "version": {"supernetctl": %d, "supervisorctl": %d},\n' \
        "$ours" "$theirs" "$ours_v" "$theirs_v" >> "$json"
    printf '  "refused": {"supernetctl": %d, "supervisorctl": %d}, "server_floor": %d}}\n' "$ours_r" "$theirs_r" "$floor" >> "$json"
fi
