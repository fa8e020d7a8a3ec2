#!/usr/bin/env bash
# Builds the SuperNet container image from the published binaries and prints its size.
#   usage: packaging/build-image.sh [--bin DIR] [--tag NAME] [--no-publish]
#   --bin DIR      where supernetd and supernetctl are (default artifacts/bin; published there first
#                  unless --no-publish)
#   --tag NAME     image name (default supernet:<version>, then also tagged supernet:latest)
#   PODMAN         the container engine command (default: podman with the runc/cgroupfs flags that work on
#                  hosts where crun is refused; plain `podman` or `docker` elsewhere)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
version=$("$repo/packaging/version.sh")
bin="$repo/artifacts/bin"
tag="supernet:$version"
tags=(-t "$tag" -t supernet:latest)
publish=1
while [ $# -gt 0 ]; do
    case "$1" in
        --bin) bin=$(cd "$2" && pwd); shift 2 ;;
        --tag) tag=$2; tags=(-t "$tag"); shift 2 ;;
        --no-publish) publish=0; shift ;;
        *) echo "usage: $0 [--bin DIR] [--tag NAME] [--no-publish]" >&2; exit 2 ;;
    esac
done
read -r -a engine <<< "${PODMAN:-podman --runtime runc --cgroup-manager cgroupfs}"

if [ "$publish" = 1 ]; then
    for project in src/SuperNet.Daemon src/SuperNet.Ctl; do
        dotnet publish "$repo/$project" -c Release -o "$bin" --nologo -v quiet >&2
    done
fi

stage=$(mktemp -d /tmp/supernet-image.XXXXXX)
trap 'rm -rf "$stage"' EXIT
root="$stage/rootfs"
mkdir -p "$root/usr/bin" "$root/etc/supervisor/conf.d" "$root/var/log/supervisor" "$root/run" "$root/tmp"
chmod 1777 "$root/tmp"
ln -s ../run "$root/var/run"
install -m 0755 "$bin/supernetd" "$bin/supernetctl" "$root/usr/bin/"
# supervisord's names: scripts, init scripts and HEALTHCHECKs that call them keep working. Links keep argv[0],
# which decides what -v and `version` print.
ln -s supernetd "$root/usr/bin/supervisord"
ln -s supernetctl "$root/usr/bin/supervisorctl"
install -m 0644 "$repo/packaging/supervisord.conf" "$root/etc/supervisor/supervisord.conf"
"$repo/packaging/ldd-closure.sh" "$bin/supernetd" "$bin/supernetctl" | while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
done
cp "$repo/packaging/Containerfile" "$stage/Containerfile"

"${engine[@]}" build --quiet "${tags[@]}" -f "$stage/Containerfile" "$stage" >/dev/null
size=$("${engine[@]}" image inspect --format '{{.Size}}' "$tag")
echo "$tag: $size bytes ($(awk -v s="$size" 'BEGIN {printf "%.1f", s / 1048576}') MiB)"
