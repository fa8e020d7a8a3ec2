#!/bin/sh
# Puts SuperNet under supervisord's names in an image that has Debian's `supervisor` package: run it (RUN)
# after copying supernetd and supernetctl to /usr/bin. Everything else of the package stays as it is: the
# configuration (/etc/supervisor/supervisord.conf and conf.d), the socket (/var/run/supervisor.sock), the
# pidfile, /var/log/supervisor and the init script behind `service supervisor`.
set -eu
for pair in supervisord:supernetd supervisorctl:supernetctl; do
    name=/usr/bin/${pair%%:*}
    ours=${pair#*:}
    [ -x "/usr/bin/$ours" ] || { echo "$0: /usr/bin/$ours is missing: copy it in first" >&2; exit 1; }
    if command -v dpkg-divert >/dev/null 2>&1; then
        # A diversion survives package upgrades: dpkg puts a new Python script at $name.supervisor, not over our link.
        dpkg-divert --quiet --local --rename --divert "$name.supervisor" --add "$name"
    elif [ -e "$name" ] && [ ! -L "$name" ]; then
        mv "$name" "$name.supervisor"
    fi
    # A link keeps argv[0]: the init script finds the daemon by "/usr/bin/supervisord" in its command line,
    # and `supervisord -v` / `supervisorctl version` print exactly what the originals print.
    ln -sfn "$ours" "$name"
done
