# Prints the configuration supervisor 4.2.5 builds from a file, one fact per line, in the format
# OracleDump.cs prints SuperNet's model. Reads one JSON job per stdin line, {"cwd": ..., "args": [...]}
# (supervisord's arguments), and answers each with one JSON line {"code": ..., "out": ..., "err": ...}.
import io
import json
import os
import sys
from supervisor.options import ServerOptions
from supervisor import datatypes, loggers, events


def fmt(v):
    if v is None:
        return 'None'
    if v is datatypes.Automatic:
        return 'AUTO'
    if v is True or v is False:
        return str(v).lower()
    if v is datatypes.RestartUnconditionally:
        return 'true'
    if v is datatypes.RestartWhenExitUnexpected:
        return 'unexpected'
    if isinstance(v, dict):
        return ','.join('%s=%s' % (k, v[k]) for k in v)
    if isinstance(v, (list, tuple)):
        return ','.join(fmt(x) for x in v)
    return str(v)


def dump(args, err):
    o = ServerOptions()
    o.stderr = err
    o.realize(args)
    out = []
    s = o.configroot.supervisord
    out.append('supervisord logfile=%s maxbytes=%s backups=%s loglevel=%s pidfile=%s umask=%s' % (
        o.logfile, o.logfile_maxbytes, o.logfile_backups, o.loglevel, o.pidfile, o.umask))
    out.append('supervisord nodaemon=%s silent=%s minfds=%s minprocs=%s nocleanup=%s childlogdir=%s' % (
        fmt(bool(o.nodaemon)), fmt(bool(o.silent)), o.minfds, o.minprocs, fmt(bool(o.nocleanup)), o.childlogdir))
    out.append('supervisord uid=%s directory=%s strip_ansi=%s identifier=%s environment=%s' % (
        fmt(o.uid), fmt(o.directory), fmt(bool(o.strip_ansi)), o.identifier, fmt(s.environment)))
    for name, factory, extras in o.rpcinterface_factories:
        out.append('rpcinterface %s extras=%s' % (name, fmt(extras)))
    for c in o.server_configs:
        if 'file' in c:
            out.append('unix %s file=%s chmod=%o chown=%s username=%s password=%s' % (
                c['section'], c['file'], c['chmod'], fmt(c['chown']), fmt(c['username']), fmt(c['password'])))
        else:
            out.append('inet %s host=%s port=%s username=%s password=%s' % (
                c['section'], c['host'], c['port'], fmt(c['username']), fmt(c['password'])))
    for g in o.process_group_configs:
        kind = type(g).__name__
        extra = ''
        if kind == 'EventListenerPoolConfig':
            extra = ' buffer_size=%s events=%s' % (
                g.buffer_size, ','.join(sorted(events.getEventNameByType(e) for e in g.pool_events)))
        if kind == 'FastCGIGroupConfig':
            sc = g.socket_config
            extra = ' socket=%s backlog=%s owner=%s mode=%s' % (
                sc.url, fmt(sc.get_backlog()), fmt(getattr(sc, 'owner', None)),
                '%o' % sc.mode if getattr(sc, 'mode', None) is not None else 'None')
        out.append('group %s priority=%s kind=%s%s' % (g.name, g.priority, kind, extra))
        for p in g.process_configs:
            out.append('  process %s command=%s' % (p.name, p.command))
            out.append('    priority=%s autostart=%s autorestart=%s startsecs=%s startretries=%s' % (
                p.priority, fmt(p.autostart), fmt(p.autorestart), p.startsecs, p.startretries))
            out.append('    stopsignal=%s stopwaitsecs=%s stopasgroup=%s killasgroup=%s exitcodes=%s' % (
                p.stopsignal, p.stopwaitsecs, fmt(p.stopasgroup), fmt(p.killasgroup), fmt(p.exitcodes)))
            out.append('    uid=%s directory=%s umask=%s redirect_stderr=%s serverurl=%s' % (
                fmt(p.uid), fmt(p.directory), fmt(p.umask), fmt(p.redirect_stderr), fmt(p.serverurl)))
            for ch in ('stdout', 'stderr'):
                out.append('    %s logfile=%s maxbytes=%s backups=%s capture=%s events=%s syslog=%s' % (
                    ch, fmt(getattr(p, ch + '_logfile')), getattr(p, ch + '_logfile_maxbytes'),
                    getattr(p, ch + '_logfile_backups'), getattr(p, ch + '_capture_maxbytes'),
                    fmt(getattr(p, ch + '_events_enabled')), fmt(getattr(p, ch + '_syslog'))))
            out.append('    environment=%s' % fmt(p.environment))
    for w in o.parse_warnings:
        out.append('WARN ' + w)
    for i in o.parse_infos:
        out.append('INFO ' + i)
    return '\n'.join(out) + '\n'


for line in sys.stdin:
    job = json.loads(line)
    os.chdir(job['cwd'])
    err = io.StringIO()
    code, out = 0, ''
    try:
        out = dump(job['args'], err)
    except SystemExit as e:
        code = e.code
    sys.stdout.write(json.dumps({'code': code, 'out': out, 'err': err.getvalue()}) + '\n')
    sys.stdout.flush()
