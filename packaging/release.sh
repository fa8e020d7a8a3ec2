#!/usr/bin/env bash
# Produces artifacts/release/supernet-<version>-linux-x64.tar.gz (both binaries, the archive's README, LICENSE, the user
# documentation the README points to, example configurations) and SHA256SUMS beside it.
#   usage: packaging/release.sh [--bin DIR] [--out DIR] [--no-publish]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
version=$("$repo/packaging/version.sh")
bin="$repo/artifacts/bin"
out="$repo/artifacts/release"
publish=1
while [ $# -gt 0 ]; do
    case "$1" in
        --bin) bin=$(cd "$2" && pwd); shift 2 ;;
        --out) out=$2; shift 2 ;;
        --no-publish) publish=0; shift ;;
        *) echo "usage: $0 [--bin DIR] [--out DIR] [--no-publish]" >&2; exit 2 ;;
    esac
done
if [ "$publish" = 1 ]; then
    for project in src/SuperNet.Daemon src/SuperNet.Ctl; do
        dotnet publish "$repo/$project" -c Release -o "$bin" --nologo -v quiet >&2
    done
fi

name="supernet-$version-linux-x64"
stage=$(mktemp -d /tmp/supernet-release.XXXXXX)
trap 'rm -rf "$stage"' EXIT
top="$stage/$name"
mkdir -p "$top/bin" "$top/docs" "$top/examples/conf.d" "$out"
install -m 0755 "$bin/supernetd" "$bin/supernetctl" "$top/bin/"
# The repository's README is for building from source; the archive's own says what the archive holds.
install -m 0644 "$repo/packaging/README.release.md" "$top/README.md"
install -m 0644 "$repo/LICENSE" "$top/"
# The pages a user of the binaries reads, at the paths the archive's README names them by.
for page in containers.md compatibility.md api.md openapi.json migrating.md; do
    install -m 0644 "$repo/docs/$page" "$top/docs/"
done
install -m 0644 "$repo/conf/supervisord.conf" "$top/examples/supervisord.conf"
install -m 0644 "$repo/conf/conf.d/"*.conf "$top/examples/conf.d/"
install -m 0644 "$repo/packaging/supervisord.conf" "$top/examples/debian-layout.conf"
if [ -d "$repo/conf/examples" ]; then
    cp -r "$repo/conf/examples/." "$top/examples/"
fi

# Same input, same bytes: fixed owner, order and time (the last commit's).
mtime=$(git -C "$repo" log -1 --format=%cI 2>/dev/null || date -u +%Y-%m-%dT%H:%M:%SZ)
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="$mtime" -C "$stage" -cf - "$name" | gzip -n -9 > "$out/$name.tar.gz"
(cd "$out" && sha256sum "$name.tar.gz" > SHA256SUMS)
echo "$out/$name.tar.gz"
cat "$out/SHA256SUMS"
