"""Randomized differential: one seeded sequence of real-supervisorctl commands and raw XML-RPC calls against
supernetd and supervisord 4.2.5, each on the same configuration in its own scratch directory. After every
step both daemons must settle (no STARTING/STOPPING/BACKOFF, the same states, 40 s deadline); every 20 steps
the PROCESS_STATE events the listener saw are compared as a multiset once both event logs are still for 2.5 s.
Prints each step whose normalised output or exit status differs; "(ORDER ONLY)" marks answers that list the
same lines in another order (completion order, which timing decides). A standalone tool, not run by the suite.

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
startsecs=1
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


class Daemon:
    def __init__(self, kind):
        self.kind = kind
        self.dir = tempfile.mkdtemp(prefix='diff35-%s-' % kind)
        shutil.copy(os.path.join(HERE, 'listener.py'), self.dir)
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
        return xmlrpc.client.ServerProxy('http://127.0.0.1',
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
         'grp:', 'multi', 'listener:listener', 'echoer:echoer', ':ga', 'grp:ga:x', 'extra:*', 'multi:multi_02']
PROCS = ['grp:ga', 'grp:gb', 'multi:multi_00', 'multi:multi_01', 'expected', 'once', 'badcmd', 'flop', 'stubborn',
         'echoer', 'listener', 'nosuch', 'ga', 'extra', 'grp:*']
SIGNALS = ['HUP', 'CONT', 'USR1', '0', '18', 'BOGUS', 'sigcont', 'SIGCONT', 'KILL']


def gen_step(rng, state):
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
        if all(not any(st[2] in TRANSITIONAL for st in x) for x in s) and s[0] == s[1]:
            return True, s
        last = s
        time.sleep(0.15)
    return False, last


def event_lines(d):
    try:
        with open(os.path.join(d.dir, 'events.log')) as f:
            return f.read().replace(d.dir, 'DIR')
    except OSError:
        return ''


def compare_events(ds, i):
    import collections
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
        for i in range(STEPS):
            step = gen_step(rng, None)
            if step[0] == 'edit':
                for d, c in zip(ds, cfgs):
                    apply_edit(d, step[1], c)
                continue
            if step[0] == 'ctl':
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
                # re-synchronise: both sets of states reported, carry on
            if i % 20 == 19 or i == STEPS - 1:
                diffs += compare_events(ds, i)
        print('seed %d: %d steps, %d differences' % (SEED, STEPS, diffs), flush=True)
    finally:
        for d in ds:
            d.close()


main()
