#!/usr/bin/env bash
# Fuzzes one parser with afl++ and SharpFuzz for a fixed time budget:
#   fuzz/run.sh TARGET SECONDS      TARGET: xmlrpc | http | ini
# Needs afl++ (apt-get install -y afl++); SharpFuzz's instrumenter is installed from NuGet into fuzz/.tools.
# Starts from the checked-in corpus in fuzz/corpus/TARGET; findings go to fuzz/findings/TARGET. Prints
# executions, executions per second, crashes and hangs; exits 1 if afl++ saved any crash or hang (each one
# must become a unit test with the input checked in, then join the corpus).
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh TARGET SECONDS}
seconds=${2:?usage: fuzz/run.sh TARGET SECONDS}
case "$target" in xmlrpc|http|ini) ;; *) echo "unknown target $target (xmlrpc, http, ini)" >&2; exit 2 ;; esac
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install -y afl++" >&2; exit 2; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

tools="$PWD/.tools"
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

# One build per target: instrumentation rewrites the assemblies in place.
out="$PWD/out/$target"
rm -rf "$out"
dotnet build SuperNet.Fuzz -c Release -o "$out" --nologo -v quiet -p:TreatWarningsAsErrors=true >/dev/null
case "$target" in
  xmlrpc) instrument=(SuperNet.XmlRpc.dll) ;;
  http) instrument=(SuperNet.Rpc.dll) ;;
  ini) instrument=(SuperNet.Core.dll) ;;
esac
for dll in "${instrument[@]}"; do "$tools/sharpfuzz" "$out/$dll" >/dev/null; done

findings="$PWD/findings/$target"
rm -rf "$findings"
mkdir -p "$findings"
# A loaded shared machine: no CPU binding, no core-pattern check, a generous hang limit (ms).
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  afl-fuzz -V "$seconds" -t 5000 -m none -i "corpus/$target" -o "$findings" -- dotnet "$out/SuperNet.Fuzz.dll" "$target" \
  > "$findings/afl.log" 2>&1 || { tail -20 "$findings/afl.log" >&2; exit 1; }

stats="$findings/default/fuzzer_stats"
value() { awk -F': *' -v k="$1" '$1 ~ "^"k" *$" {print $2}' "$stats"; }
crashes=$(value saved_crashes)
hangs=$(value saved_hangs)
echo "$target: $(value run_time) s, $(value execs_done) executions, $(value execs_per_sec) exec/s," \
     "$(value corpus_count) corpus entries, $crashes crashes, $hangs hangs (findings: fuzz/findings/$target)"
[ "$crashes" = 0 ] && [ "$hangs" = 0 ]
