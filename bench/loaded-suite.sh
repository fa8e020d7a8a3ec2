#!/bin/bash
# The suite N times in a row on fresh clones of REPO at COMMIT, with a `dotnet build --no-incremental` loop of another
# clone running beside it as load (issue 14: "passes 3 times in a row on a loaded 2-core machine").
# usage: bench/loaded-suite.sh REPO COMMIT [N=3] [WORKDIR=/tmp/loaded-suite]; results in WORKDIR/results,
# each run's output in WORKDIR/runK.log, the load average each minute in WORKDIR/load.log.
set -u
repo=$(realpath "$1"); commit=$2; n=${3:-3}; work=${4:-/tmp/loaded-suite}
rm -rf "$work"; mkdir -p "$work"
git clone -q "$repo" "$work/load"
( cd "$work/load" && while [ ! -e "$work/stop" ]; do
    dotnet build SuperNet.sln -c Debug --no-incremental -v quiet --nologo > /dev/null 2>&1; done ) &
( while [ ! -e "$work/stop" ]; do uptime >> "$work/load.log"; sleep 60; done ) &
for i in $(seq 1 "$n"); do
  d="$work/run$i"; git clone -q "$repo" "$d"; git -C "$d" checkout -q "$commit"
  start=$(date +%s)
  (cd "$d" && ./test.sh > "$work/run$i.log" 2>&1); rc=$?
  echo "run $i commit $commit exit $rc $(( ($(date +%s) - start) / 60 )) min: $(tail -1 "$work/run$i.log")" >> "$work/results"
done
touch "$work/stop"; wait
cat "$work/results"
