"""Randomized differential: one seeded sequence of real-supervisorctl commands and raw XML-RPC calls against
supernetd and supervisord 4.2.5, each on the same configuration in its own scratch directory. After every
step both daemons must settle (no STARTING/STOPPING/BACKOFF, the same states, 40 s deadline; three misses in a
row end the seed), leave the same orphaned processes behind and hold the same bytes in the named logs (the
rotated one and its backups); every 20 steps, while both listeners run, the events they accepted are compared as a
multiset once both event logs are still for 2.5 s. Half the steps come from gen_new_step (rotation, tail -f,
capture mode and the PROCESS_LOG/COMMUNICATION events of a listener that rejects some, groups killed as a group,
typed arguments of any XML-RPC type). Prints each step whose normalised output or exit status differs; "(ORDER
ONLY)" marks answers that list the same lines in another order (completion order, which timing decides). A
standalone tool, not run by the suite; what was run and found: README.md.

usage: /usr/bin/python3 driver.py SUPERNETD SEED STEPS   (VERBOSE=1 prints every step)"""
import os, random, re, shutil, subprocess, sys, tempfile, time, xmlrpc.client
from concurrent.futures import ThreadPoolExecutor
from supervisor.xmlrpc import SupervisorTransport

SUPERNETD, SEED, STEPS = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
HERE = os.path.dirname(os.path.abspath(__file__))

BASE = """[supervisord]
logfile={DIR}/main.log
pidfile={DIR}/sv.pid
childlogdir={DIR}
loglevel=info
silent=true

[unix_http_server]
file={DIR}/sv.sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{DIR}/sv.sock

[group:grp]
programs=ga,gb
priority=50

[program:ga]
command=/bin/sleep 1000
startsecs=0

[program:gb]
command=/bin/sh -c "echo gb-out; echo gb-err >&2; exec sleep 1000"
startsecs=1

[program:multi]
command=/bin/sleep 1000
numprocs=2
process_name=%(program_name)s_%(process_num)02d
startsecs=0

[program:expected]
command=/bin/sh -c "sleep 0.2; exit 3"
autorestart=unexpected
exitcodes=0,3
startsecs=0

[program:once]
command=/bin/sh -c "echo once-out"
autorestart=false
startsecs=0

[program:badcmd]
command=/nonexistent/x
startretries=1

[program:flop]
command=/bin/sh -c "exit 1"
; supervisord reaps once per 1 s pass: with startsecs=1 a loaded box sometimes sees it RUNNING first
startsecs=5
startretries=1
autorestart=true

[program:stubborn]
command=/bin/sh -c "trap '' TERM; exec sleep 1000"
stopwaitsecs=1
startsecs=0

[program:echoer]
command=/bin/cat
startsecs=0
stdout_logfile={DIR}/echoer.out

[group:g2]
programs=rot,comm
priority=20

[program:rot]
command=/bin/cat
startsecs=0
priority=5
stdout_logfile={DIR}/rot.out
stdout_logfile_maxbytes=64
stdout_logfile_backups=2
stdout_events_enabled=true

[program:comm]
command=/bin/sh {DIR}/comm.sh
startsecs=0
stdout_capture_maxbytes=1KB
stdout_logfile={DIR}/comm.out
stderr_logfile={DIR}/comm.err
stderr_events_enabled=true

[program:sigdie]
command=/bin/sh -c "sleep 0.3; kill -9 $$"
startsecs=0
autorestart=false
autostart=false

[program:odd]
command=/bin/sh -c "sleep 0.3; exit 255"
startsecs=0
exitcodes=255
autorestart=unexpected
priority=900

[program:grouper]
command=/bin/sh -c "/bin/sleep 1001 & /bin/sleep 1002 & wait"
startsecs=0
stopasgroup=true
priority=1

[program:leaker]
command=/bin/sh -c "/bin/sleep 1003 & wait"
startsecs=0
stopsignal=INT
priority=2

[program:slowstop]
command=/bin/sh -c "trap 'sleep 0.5; exit 0' TERM; sleep 1000 & wait"
startsecs=0
stopwaitsecs=3
priority=999

[eventlistener:faily]
command=/usr/bin/python3 {DIR}/faily.py
events=PROCESS_LOG,PROCESS_COMMUNICATION,REMOTE_COMMUNICATION
buffer_size=200
stderr_logfile={DIR}/events2.log
; not the other listener's priority: supervisord re-queues a rejected event in every pool holding a listener of
; the rejecting one's priority (a documented difference)
priority=-2

[eventlistener:listener]
command=/usr/bin/python3 {DIR}/listener.py
events=PROCESS_STATE
buffer_size=100
stderr_logfile={DIR}/events.log
"""
EXTRA = """
[program:extra]
command=/bin/sleep 1000
startsecs=0
"""

TRANSITIONAL = {'STARTING', 'STOPPING', 'BACKOFF'}
# RUNNING for 0.3 s, then always exit by themselves (supervisord notices up to 1 s later): not settled yet
SHORT_LIVED = {('odd', 'RUNNING'), ('sigdie', 'RUNNING'), ('expected', 'RUNNING')}


class Daemon:
    def __init__(self, kind):
        self.kind = kind
        self.dir = tempfile.mkdtemp(prefix='diff35-%s-' % kind)
        for f in ('listener.py', 'faily.py', 'comm.sh'):
            shutil.copy(os.path.join(HERE, f), self.dir)
        self.conf = os.path.join(self.dir, 'supervisord.conf')
        self.write(BASE)
        exe = SUPERNETD if kind == 'ours' else '/usr/bin/supervisord'
        self.proc = subprocess.Popen([exe, '-n', '-c', self.conf], cwd=self.dir,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.sock = os.path.join(self.dir, 'sv.sock')

    def write(self, text):
        with open(self.conf, 'w') as f:
            f.write(text.replace('{DIR}', self.dir))

    def rpc(self):
        return xmlrpc.client.ServerProxy('http://127.0.0.1', allow_none=True,
                                         transport=SupervisorTransport(None, None, 'unix://' + self.sock))

    def ctl(self, args):
        p = subprocess.run(['/usr/bin/supervisorctl', '-c', self.conf] + args, capture_output=True, text=True,
                           timeout=60)
        return p.returncode, p.stdout + p.stderr

    def states(self):
        try:
            return sorted((i['group'], i['name'], i['statename']) for i in self.rpc().supervisor.getAllProcessInfo())
        except Exception as e:
            return [('error', repr(e), '')]

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        for pid in orphans(self)[1]:
            try:
                os.kill(pid, 9)
            except OSError:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)


def norm_text(d, text):
    text = text.replace(d.dir, 'DIR')
    text = re.sub(r'---supervisor-\S+?\.log', '---supervisor-AUTO.log', text)
    text = re.sub(r'pid \d+, uptime (\d+ days?, )?\d+:\d\d:\d\d', 'pid N, uptime U', text)
    text = re.sub(r'(?m)^\d+$', 'N', text)
    text = re.sub(r'[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M', 'DATE', text)
    text = re.sub(r'\bpid \d+', 'pid N', text)
    return text


def norm_value(d, value, key=None):
    if isinstance(value, dict):
        return {k: norm_value(d, v, k) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [norm_value(d, v) for v in value]
        if items and all(isinstance(v, dict) and 'name' in v for v in items):
            items.sort(key=lambda v: (str(v.get('group')), str(v['name'])))
        return items
    if key == 'pid' and isinstance(value, int):
        return 'PID' if value else 0
    if key in ('start', 'stop', 'now') and isinstance(value, int):
        return 'TIME' if value else 0
    if isinstance(value, str):
        return norm_text(d, value)
    return value


def rpc_call(d, method, args, content=True):
    try:
        r = getattr(d.rpc(), method)(*args)
        if not content:
            return ('OK', type(r).__name__)
        return ('OK', norm_value(d, r))
    except xmlrpc.client.Fault as f:
        return ('FAULT', f.faultCode, norm_text(d, f.faultString))
    except Exception as e:
        return ('ERROR', type(e).__name__)


NAMES = ['ga', 'grp:ga', 'grp:gb', 'grp:*', 'grp', 'multi:*', 'multi:multi_00', 'multi_01', 'expected', 'once',
         'badcmd', 'flop', 'stubborn', 'echoer', 'listener', 'listener:*', 'nosuch', 'grp:nosuch', 'extra', 'all',
         'grp:', 'multi', 'listener:listener', 'echoer:echoer', ':ga', 'grp:ga:x', 'extra:*', 'multi:multi_02',
         'g2', 'g2:*', 'g2:rot', 'g2:comm', 'rot', 'sigdie', 'odd', 'grouper', 'leaker', 'slowstop', 'faily']
PROCS = ['grp:ga', 'grp:gb', 'multi:multi_00', 'multi:multi_01', 'expected', 'once', 'badcmd', 'flop', 'stubborn',
         'echoer', 'listener', 'nosuch', 'ga', 'extra', 'grp:*', 'g2:rot', 'g2:comm', 'g2:rot', 'g2:comm', 'rot',
         'sigdie', 'odd', 'grouper', 'leaker', 'slowstop', 'faily']
STDIN_TARGETS = ['g2:rot', 'g2:comm', 'echoer']
SIGNALS = ['HUP', 'CONT', 'USR1', '0', '18', 'BOGUS', 'sigcont', 'SIGCONT', 'KILL']


def gen_step(rng, state):
    if rng.random() < 0.5:
        return gen_new_step(rng)
    k = rng.random()
    pick = lambda n=None: rng.sample(NAMES, n or rng.choice([1, 1, 1, 2]))
    if k < 0.04:
        return ('ctl', rng.choice([['pid', 'all'], ['status', 'all'], ['clear', 'all'], ['update', 'all'],
                                   ['update', 'grp'], ['update', 'multi', 'extra'], ['start'], ['stop'], ['signal'],
                                   ['signal', 'HUP'], ['tail'], ['tail', '-x', 'ga'], ['restart'], ['clear'],
                                   ['remove'], ['add'], ['pid', 'grp:*'], ['avail', 'x'], ['reread', 'x'],
                                   ['start', 'all', 'grp:ga'], ['stop', 'all'], ['tail', 'grp:gb', 'stderr'],
                                   ['tail', '-5', 'grp:gb', 'stderr'], ['tail', 'once', 'stdout', 'x']]))
    if k < 0.10:
        return ('ctl', ['start'] + pick())
    if k < 0.18:
        return ('ctl', ['stop'] + pick())
    if k < 0.24:
        return ('ctl', ['restart'] + pick())
    if k < 0.30:
        return ('ctl', ['signal', rng.choice(SIGNALS)] + pick())
    if k < 0.38:
        return ('ctl', ['status'] + (pick() if rng.random() < 0.6 else []))
    if k < 0.42:
        return ('ctl', ['pid'] + (pick(1) if rng.random() < 0.7 else []))
    if k < 0.50:
        args = ['tail']
        r = rng.random()
        if r < 0.3:
            args.append('-%d' % rng.choice([0, 1, 3, 5, 100, 100000]))
        args.append(rng.choice(PROCS + ['echoer', 'grp:gb']))
        if rng.random() < 0.4:
            args.append(rng.choice(['stdout', 'stderr', 'stdout', 'bogus']))
        return ('ctl', args)
    if k < 0.53:
        return ('ctl', ['clear'] + pick())
    if k < 0.56:
        return ('edit', rng.choice(['extra+', 'extra-', 'echoer~', 'echoer=', 'grp~', 'grp=', 'multi~', 'multi=']))
    if k < 0.60:
        return ('ctl', [rng.choice(['reread', 'avail', 'update'])] + (pick(1) if rng.random() < 0.2 else []))
    if k < 0.64:
        return ('ctl', [rng.choice(['add', 'remove'])] + pick())
    if k < 0.66:
        return ('ctl', ['maintail'] + rng.choice([[], ['-100'], ['-0'], ['foo'], ['-1', 'x']]))
    if k < 0.70:
        return ('rpc', 'supervisor.getAllConfigInfo', [], True)
    if k < 0.76:
        data = rng.choice(['hello\n', 'x' * 10 + '\n', '', 'ü\n'])
        return ('rpc', 'supervisor.sendProcessStdin', [rng.choice(PROCS), data], True)
    if k < 0.80:
        off = rng.choice([0, 1, -1, -5, -100000, 5, 100000, 2 ** 31 - 1])
        ln = rng.choice([0, 1, 5, -1, 100000])
        return ('rpc', 'supervisor.readLog', [off, ln], False)
    if k < 0.88:
        off = rng.choice([0, 1, -1, -5, -100000, 5, 100000])
        ln = rng.choice([0, 1, 5, -1, 100000])
        m = rng.choice(['readProcessStdoutLog', 'readProcessStderrLog', 'tailProcessStdoutLog',
                        'tailProcessStderrLog'])
        if m.startswith('tail'):
            off, ln = abs(off), abs(ln)
        return ('rpc', 'supervisor.' + m, [rng.choice(PROCS), off, ln], True)
    if k < 0.91:
        return ('rpc', 'supervisor.getProcessInfo', [rng.choice(PROCS)], True)
    if k < 0.94:
        return ('rpc', rng.choice(['supervisor.clearProcessLogs', 'supervisor.clearLog']),
                [rng.choice(PROCS)] if rng.random() < 0.8 else [], True)
    if k < 0.97:
        return ('rpc', rng.choice(['supervisor.stopProcessGroup', 'supervisor.startProcessGroup']),
                [rng.choice(['grp', 'multi', 'nosuch', 'listener', 'echoer'])] + ([rng.choice([True, False])] if rng.random() < 0.5 else []), True)
    if k < 0.985:
        return ('rpc', 'system.multicall', [[{'methodName': 'supervisor.getProcessInfo', 'params': [rng.choice(PROCS)]},
                                             {'methodName': 'supervisor.readProcessStdoutLog', 'params': [rng.choice(PROCS), -5, 0]},
                                             {'methodName': 'supervisor.clearAllProcessLogs', 'params': []} if rng.random() < 0.3 else
                                             {'methodName': 'supervisor.getState'}]], True)
    return ('rpc', 'supervisor.signalProcessGroup', [rng.choice(['grp', 'multi', 'nosuch']), rng.choice(SIGNALS)], True)


def gen_new_step(rng):
    """The areas added in session 37: rotation, tail -f, capture mode and PROCESS_LOG/COMMUNICATION events with a
    listener that rejects some, remote events, process groups killed as a group, odd exits, more XML-RPC."""
    k = rng.random()
    if k < 0.22:
        size = rng.choice([1, 5, 30, 63, 64, 65, 100, 200])
        data = ''.join(rng.choice('abcdefgh') for _ in range(size - 1)) + '\n'
        if rng.random() < 0.2:
            data = data[:-1]
        return ('rpc', 'supervisor.sendProcessStdin', [rng.choice(STDIN_TARGETS), data], True)
    if k < 0.34:
        off = rng.choice([0, 1, 10, 63, 64, 65, 200, -1, -10, -64, -100])
        ln = rng.choice([0, 1, 10, 64, 100])
        m = rng.choice(['readProcessStdoutLog', 'readProcessStderrLog', 'tailProcessStdoutLog'])
        if m.startswith('tail'):
            off = abs(off)
        return ('rpc', 'supervisor.' + m, [rng.choice(['g2:rot', 'g2:comm', 'rot']), off, ln], True)
    if k < 0.44:
        args = ['tail', '-f', rng.choice(['g2:rot', 'g2:comm', 'echoer', 'rot', 'nosuch', 'grp:gb', 'g2'])]
        if rng.random() < 0.4:
            args.append(rng.choice(['stdout', 'stderr']))
        sizes = [rng.choice([5, 30, 70, 130]) for _ in range(rng.choice([0, 1, 2, 3]))]
        return ('follow', args, sizes)
    if k < 0.52:
        return ('rpc', 'supervisor.sendRemoteCommEvent',
                [rng.choice(['t1', 'type with space', '', 'ü']), rng.choice(['data', '', 'x\ny', 'ü' * 3])], True)
    if k < 0.62:
        return ('ctl', [rng.choice(['start', 'stop', 'restart', 'status'])] +
                rng.sample(['grouper', 'leaker', 'slowstop', 'odd', 'sigdie', 'g2:*', 'g2', 'faily'], rng.choice([1, 2])))
    if k < 0.68:
        return ('ctl', [rng.choice(['stop', 'start', 'restart']), 'all'])
    if k < 0.74:
        return ('ctl', ['signal', rng.choice(['TERM', 'INT', 'HUP', 'USR2', 'KILL', 'STOP', 'CONT'])] +
                rng.sample(['grouper', 'leaker', 'slowstop', 'odd', 'g2:*', 'faily', 'g2:comm'], rng.choice([1, 2])))
    if k < 0.80:
        return ('ctl', ['clear'] + rng.sample(['g2:rot', 'g2:comm', 'g2:*', 'rot', 'faily', 'all'], 1))
    if k < 0.88:
        return gen_typed_call(rng)
    calls = [
        ('supervisor.getAPIVersion', []), ('supervisor.getSupervisorVersion', []),
        ('supervisor.getIdentification', []), ('supervisor.getState', []), ('system.listMethods', []),
        ('system.methodHelp', ['supervisor.startProcess']), ('system.methodSignature', ['supervisor.tailProcessStdoutLog']),
        ('system.methodHelp', ['nosuch']), ('supervisor.startProcess', []), ('supervisor.startProcess', [1]),
        ('supervisor.startProcess', ['odd', False]), ('supervisor.stopProcess', ['slowstop', False]),
        ('supervisor.startProcess', ['sigdie', True]), ('supervisor.stopProcess', ['g2:*']),
        ('supervisor.signalAllProcesses', ['CONT']), ('supervisor.signalProcess', ['leaker', 'INT']),
        ('supervisor.signalProcessGroup', ['g2', 'CONT']), ('supervisor.stopProcessGroup', ['g2', False]),
        ('supervisor.startProcessGroup', ['g2', False]), ('supervisor.removeProcessGroup', ['g2']),
        ('supervisor.addProcessGroup', ['g2']), ('supervisor.reloadConfig', []),
        ('supervisor.getProcessInfo', ['g2:comm']), ('supervisor.getProcessInfo', ['sigdie']),
        ('supervisor.readProcessLog', ['rot', 0, 10]), ('supervisor.clearProcessLog', ['g2:rot']),
        ('supervisor.clearProcessLogs', ['g2:*']), ('supervisor.sendProcessStdin', ['g2:rot', 5]),
        ('supervisor.sendProcessStdin', ['odd', 'x']), ('supervisor.sendRemoteCommEvent', ['t']),
        ('system.multicall', [[{'methodName': 'supervisor.sendRemoteCommEvent', 'params': ['m', 'd']},
                               {'methodName': 'supervisor.stopProcess', 'params': ['g2:comm']},
                               {'methodName': 'supervisor.nosuch'}, {'methodName': 5},
                               {'methodName': 'system.multicall', 'params': [[]]}]]),
        ('system.multicall', [[{'methodName': 'supervisor.getAPIVersion'}, 'bogus',
                               {'methodName': 'supervisor.stopProcess', 'params': ['g2:rot']}]]),
    ]
    m, a = rng.choice(calls)
    # methodHelp's text is free-form (contract §2.5): supernetd does not copy supervisor's docstrings
    return ('rpc', m, a, m != 'system.methodHelp' or a == ['nosuch'])


def gen_typed_call(rng):
    """A method with arguments of any XML-RPC type in any number: faults, and whether the call ran, must match."""
    import datetime
    values = [0, 1, -1, 2 ** 31 - 1, True, False, 1.5, -0.0, '', 'g2:rot', 'g2:*', 'odd', 'HUP', '5', ' 7 ', '0x10',
              '1_0', 'nosuch', [], ['odd'], {}, {'a': 1}, None, xmlrpc.client.Binary(b'g2:comm'),
              xmlrpc.client.DateTime(datetime.datetime(2020, 1, 1))]
    methods = ['supervisor.startProcess', 'supervisor.stopProcess', 'supervisor.signalProcess',
               'supervisor.getProcessInfo', 'supervisor.readProcessStdoutLog', 'supervisor.tailProcessStderrLog',
               'supervisor.readLog', 'supervisor.clearProcessLogs', 'supervisor.sendProcessStdin',
               'supervisor.sendRemoteCommEvent', 'supervisor.startProcessGroup', 'supervisor.stopProcessGroup',
               'supervisor.signalProcessGroup', 'supervisor.signalAllProcesses', 'supervisor.getAllProcessInfo',
               'supervisor.addProcessGroup', 'supervisor.removeProcessGroup', 'system.methodSignature',
               'system.methodHelp', 'supervisor.getState']
    m = rng.choice(methods)
    args = [rng.choice(values) for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4]))]
    return ('rpc', m, args, m != 'system.methodHelp')


def orphans(d):
    """The sleep processes started from this daemon's directory that no managed process (pid in
    getAllProcessInfo) holds any more: under supernetd (a subreaper) they become its children, under supervisord
    init's."""
    mine = set()
    try:
        managed = {i['pid'] for i in d.rpc().supervisor.getAllProcessInfo() if i['pid']}
    except Exception:
        managed = set()
    try:
        pids = [int(p) for p in os.listdir('/proc') if p.isdigit()]
        parent = {}
        for pid in pids:
            try:
                with open('/proc/%d/stat' % pid) as f:
                    parent[pid] = int(f.read().rsplit(')', 1)[1].split()[1])
            except OSError:
                pass
        out = []
        for pid in pids:
            try:
                if os.readlink('/proc/%d/cwd' % pid) != d.dir:
                    continue
                with open('/proc/%d/cmdline' % pid) as f:
                    argv = f.read().split('\0')
            except OSError:
                continue
            mine.add(pid)
            if not argv[0].endswith('sleep'):
                continue
            p = pid
            while p > 1 and p != d.proc.pid and p not in managed:
                p = parent.get(p, 1)
            if p not in managed:
                out.append(' '.join(argv).strip())
        return sorted(out), mine
    except OSError as e:
        return [repr(e)], mine


def follow(d, args, sizes):
    """supervisorctl tail -f for as long as it takes to see each probe written to the process, then killed."""
    # unbuffered, so what it printed before Ctrl-C is seen even if it never gets to flush
    p = subprocess.Popen(['/usr/bin/supervisorctl', '-c', d.conf] + args, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONUNBUFFERED='1'))
    os.set_blocking(p.stdout.fileno(), False)
    out = b''

    def read_until(pred, quiet, limit):
        nonlocal out
        end, last = time.time() + limit, time.time()
        while time.time() < end:
            try:
                chunk = p.stdout.read()
            except OSError:
                chunk = None
            if chunk:
                out += chunk
                last = time.time()
            elif chunk == b'' and p.poll() is not None:
                return
            if pred() and time.time() - last > quiet:
                return
            time.sleep(0.05)

    read_until(lambda: b'Ctrl-C' in out, 1.0, 10)
    name = args[2]
    for i, size in enumerate(sizes):
        if p.poll() is not None:
            break
        probe = ('p%d-' % i) + 'z' * size
        try:
            d.rpc().supervisor.sendProcessStdin(name, probe + '\n')
        except Exception:
            break
        read_until(lambda: probe.encode() in out, 0.3, 2.5)
    if p.poll() is None:
        p.send_signal(2)
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()
    p.wait()
    out += p.stdout.read() or b''
    return p.returncode, out.decode('utf-8', 'replace')


def apply_edit(d, what, cfg):
    if what == 'extra+':
        cfg['extra'] = True
    elif what == 'extra-':
        cfg['extra'] = False
    else:
        cfg[what[:-1]] = what.endswith('~')
    text = BASE
    if cfg['echoer']:
        text = text.replace('command=/bin/cat\n', 'command=/bin/cat -u\n')
    if cfg.get('grp'):
        text = text.replace('programs=ga,gb\n', 'programs=ga\n')
    if cfg.get('multi'):
        text = text.replace('numprocs=2\n', 'numprocs=3\n')
    if cfg['extra']:
        text += EXTRA
    d.write(text)


def quiesce(ds, deadline=40):
    end = time.time() + deadline
    last = None
    while time.time() < end:
        s = [d.states() for d in ds]
        if all(not any(st[2] in TRANSITIONAL or (st[1], st[2]) in SHORT_LIVED for st in x) for x in s) and s[0] == s[1]:
            return True, s
        last = s
        time.sleep(0.15)
    return False, last


def event_lines(d):
    text = ''
    for name in ('events.log', 'events2.log'):
        try:
            with open(os.path.join(d.dir, name)) as f:
                text += ''.join(name + ' ' + line for line in f.read().replace(d.dir, 'DIR').splitlines(True))
        except OSError:
            pass
    return text


LOG_FILES = ['rot.out', 'rot.out.1', 'rot.out.2', 'rot.out.3', 'comm.out', 'comm.err', 'echoer.out']


def log_files(d):
    out = {}
    for name in LOG_FILES:
        try:
            with open(os.path.join(d.dir, name), 'rb') as f:
                out[name] = f.read()
        except OSError:
            out[name] = None
    return out


def compare_files(ds, i, label):
    """The rotated stdout log, its backups and the other named logs, byte for byte."""
    end = time.time() + 5
    while True:
        now = [log_files(d) for d in ds]
        if now[0] == now[1]:
            return 0
        if time.time() > end:
            print('=== seed %d step %d after %s: log files differ:\n--- supervisord: %r\n--- supernetd: %r' % (
                SEED, i, label, {k: v for k, v in now[1].items() if v != now[0][k]},
                {k: v for k, v in now[0].items() if v != now[1][k]}), flush=True)
            return 1
        time.sleep(0.2)


def compare_orphans(ds, i, label):
    end = time.time() + 10
    while True:
        now = [orphans(d)[0] for d in ds]
        if now[0] == now[1]:
            return 0
        if time.time() > end:
            print('=== seed %d step %d after %s: orphaned processes differ:\n--- supervisord: %r\n--- supernetd: %r' % (
                SEED, i, label, now[1], now[0]), flush=True)
            return 1
        time.sleep(0.2)


def listeners_running(ds):
    return all(st[2] == 'RUNNING' for d in ds for st in d.states() if st[1] in ('listener', 'faily'))


def compare_events(ds, i):
    """Only while both listeners run under both daemons: supernetd dispatches at once, supervisord at its next
    loop pass, so a listener stopped right after an event may have it under one daemon and still queued under
    the other until it runs again (dispatch timing, a documented difference)."""
    import collections
    if not listeners_running(ds):
        return 0
    end = time.time() + 30
    last, since = None, time.time()
    while time.time() < end:
        now = [event_lines(d) for d in ds]
        if now != last:
            last, since = now, time.time()
        elif time.time() - since > 2.5:
            break
        time.sleep(0.2)
    c = [collections.Counter(x.splitlines()) for x in last]
    if c[0] == c[1]:
        return 0
    print('=== seed %d events by step %d differ:\n--- only supervisord: %r\n--- only supernetd: %r' % (
        SEED, i, dict(c[1] - c[0]), dict(c[0] - c[1])), flush=True)
    return 1


def sort_lines(t):
    return '\n'.join(sorted(t.split('\n')))


def main():
    rng = random.Random(SEED)
    ours, oracle = Daemon('ours'), Daemon('oracle')
    ds = [ours, oracle]
    cfgs = [{'extra': False, 'echoer': False}, {'extra': False, 'echoer': False}]
    diffs = 0
    try:
        for d in ds:
            end = time.time() + 20
            while not os.path.exists(d.sock) and time.time() < end:
                time.sleep(0.1)
        ok, s = quiesce(ds)
        if not ok:
            print('SEED %d start: not quiescent/equal: %r' % (SEED, s))
        pool = ThreadPoolExecutor(2)
        apart = 0
        for i in range(STEPS):
            step = gen_step(rng, None)
            if step[0] == 'edit':
                for d, c in zip(ds, cfgs):
                    apply_edit(d, step[1], c)
                continue
            if step[0] == 'follow':
                res = list(pool.map(lambda d: follow(d, step[1], step[2]), ds))
                res = [(rc, norm_text(d, out)) for d, (rc, out) in zip(ds, res)]
                label = 'supervisorctl %s (probes %r)' % (' '.join(step[1]), step[2])
            elif step[0] == 'ctl':
                res = list(pool.map(lambda d: d.ctl(step[1]), ds))
                res = [(rc, norm_text(d, out)) for d, (rc, out) in zip(ds, res)]
                if step[1][0] == 'maintail' and res[0][0] == 0 == res[1][0]:
                    res = [(rc, 'LOG' if out.strip() else '') for rc, out in res]
                label = 'supervisorctl ' + ' '.join(step[1])
            else:
                res = list(pool.map(lambda d: rpc_call(d, step[1], step[2], step[3]), ds))
                label = '%s%r' % (step[1], tuple(step[2]))
            if os.environ.get("VERBOSE"):
                print("step", i, label, repr(res[1])[:300], flush=True)
            if res[0] != res[1]:
                ordered = (step[0] == 'ctl' and res[0][0] == res[1][0] and
                           sort_lines(res[0][1]) == sort_lines(res[1][1]))
                diffs += 1
                print('=== seed %d step %d %s%s\n--- supervisord:\n%r\n--- supernetd:\n%r' % (
                    SEED, i, label, ' (ORDER ONLY)' if ordered else '', res[1], res[0]), flush=True)
            ok, s = quiesce(ds)
            if not ok:
                print('=== seed %d step %d after %s: states never agreed:\n--- supervisord: %r\n--- supernetd: %r' % (
                    SEED, i, label, s[1], s[0]), flush=True)
                diffs += 1
                apart += 1
                if apart == 3:
                    # the daemons drifted apart for good: every later step would wait out the deadline
                    print('seed %d: stopped after step %d, states apart' % (SEED, i), flush=True)
                    break
            else:
                apart = 0
            diffs += compare_orphans(ds, i, label)
            diffs += compare_files(ds, i, label)
            if i == STEPS - 1:
                for d in ds:
                    for name in ('listener', 'faily'):
                        rpc_call(d, 'supervisor.startProcess', [name])
                quiesce(ds)
            if i % 20 == 19 or i == STEPS - 1:
                diffs += compare_events(ds, i)
        print('seed %d: %d steps, %d differences' % (SEED, STEPS, diffs), flush=True)
    finally:
        for d in ds:
            d.close()


main()
