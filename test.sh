#!/usr/bin/env bash
# Runs every test: publishes the Native AOT binaries the integration tests drive (supernetd,
# supernetctl, the snhelper test program), then the whole solution's tests, and prints one
# closing line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
bin="$PWD/artifacts/bin"
mkdir -p "$bin" artifacts/test-results

for project in src/SuperNet.Daemon src/SuperNet.Ctl tests/SuperNet.TestHelper; do
  dotnet publish "$project" -c Release -o "$bin" -p:TreatWarningsAsErrors=true --nologo -v quiet
done

export SUPERNET_BIN="$bin"
log=artifacts/test-results/dotnet-test.log
set +e
dotnet test SuperNet.sln -c Release --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# dotnet test prints one summary per test assembly ("Passed!  - Failed: 0, Passed: 603, ..."); add them
# up into the plain closing line.
passed=$( (grep -oE 'Passed: +[0-9]+' "$log" || true) | awk '{s+=$2} END {print s+0}')
failed=$( (grep -oE 'Failed: +[0-9]+' "$log" || true) | awk '{s+=$2} END {print s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit "$status"
