#!/usr/bin/env bash
# Prints SuperNet's version: the one constant the binaries report (src/SuperNet.Core/SuperNetVersion.cs).
set -euo pipefail
sed -n 's/.*const string Value = "\(.*\)";.*/\1/p' "$(dirname "$0")/../src/SuperNet.Core/SuperNetVersion.cs"
