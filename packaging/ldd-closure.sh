#!/usr/bin/env bash
# Prints, one per line, every shared library the given ELF binaries load (as `ldd` resolves them, the
# dynamic loader included): exactly what an image needs beside them.
set -euo pipefail
for binary in "$@"; do
    ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'
done | sort -u
