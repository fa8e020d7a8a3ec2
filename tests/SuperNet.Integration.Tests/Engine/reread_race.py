"""Concurrent reloadConfig, addProcessGroup and removeProcessGroup while the config file alternates between two
versions; prints every inconsistency seen, then DONE with counts.

usage: reread_race.py SOCKET CONFIG VERSION_FILE... (each VERSION_FILE is "identifier group" then the config text)

Each version has its own identifier, childlogdir (DIR/<identifier>) and group. Checked:
- every reloadConfig answer is one version's diff: all added and changed names are that version's groups, no
  removed name is;
- a group's AUTO log is named with its own version's identifier and lies in its own version's childlogdir (its
  config and the [supervisord] options it is made with come from one read);
- at the end, getIdentification and getAllConfigInfo's groups belong to the same version.
"""
import os
import sys
import threading
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

RELOADERS = 4
RELOADS = 150
ADDERS = 4

socket_path, config_path = sys.argv[1], sys.argv[2]
versions = []
for path in sys.argv[3:]:
    with open(path) as f:
        identifier, group = f.readline().split()
        versions.append((identifier, group, f.read()))
group_version = {group: identifier for identifier, group, _ in versions}
version_groups = {identifier: {group} for identifier, group, _ in versions}

problems = []
counts = {'reloads': 0, 'adds': 0, 'flips': 0}
lock = threading.Lock()
done = threading.Event()
# Each finished reload asks for a flip, so the file changes about as often as it is read and no thread spins.
flip_wanted = threading.Event()


def proxy():
    return xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + socket_path))


def problem(text):
    with lock:
        problems.append(text)


def count(name):
    with lock:
        counts[name] += 1


def install(text):
    tmp = config_path + '.tmp'
    with open(tmp, 'w') as f:
        f.write(text)
    # A rename: every read sees one whole version.
    os.replace(tmp, config_path)


def writer():
    i = 1
    while not done.is_set():
        flip_wanted.wait()
        flip_wanted.clear()
        install(versions[i % len(versions)][2])
        count('flips')
        i += 1


def reloader():
    p = proxy()
    for _ in range(RELOADS):
        [[added, changed, removed]] = p.supervisor.reloadConfig()
        count('reloads')
        flip_wanted.set()
        named = set(added) | set(changed)
        fits = [v for v, groups in version_groups.items() if named <= groups and not (set(removed) & groups)]
        if not fits:
            problem('reloadConfig answered %r' % ([[added, changed, removed]],))


def adder():
    p = proxy()
    while not done.is_set():
        for group in group_version:
            try:
                p.supervisor.removeProcessGroup(group)
            except xmlrpc.client.Fault:
                pass
            try:
                p.supervisor.addProcessGroup(group)
            except xmlrpc.client.Fault:
                continue
            count('adds')
            try:
                logfile = p.supervisor.getProcessInfo(group)['stdout_logfile']
            except xmlrpc.client.Fault:
                continue  # removed by the other adder meanwhile
            identifier = group_version[group]
            if os.path.basename(os.path.dirname(logfile)) != identifier or ('---%s-' % identifier) not in logfile:
                problem('group %s (identifier %s) got the AUTO log %s' % (group, identifier, logfile))


# The start-up file may differ from every version: the race begins from one version's read.
install(versions[0][2])
proxy().supervisor.reloadConfig()
threads = [threading.Thread(target=writer)] + [threading.Thread(target=adder) for _ in range(ADDERS)]
reloaders = [threading.Thread(target=reloader) for _ in range(RELOADERS)]
for t in threads + reloaders:
    t.start()
for t in reloaders:
    t.join()
done.set()
flip_wanted.set()
for t in threads:
    t.join()

p = proxy()
identifier = p.supervisor.getIdentification()
available = {info['group'] for info in p.supervisor.getAllConfigInfo()}
if version_groups.get(identifier) != available:
    problem('afterwards: identifier %s with the groups %s' % (identifier, sorted(available)))
for line in problems:
    print(line)
print('DONE reloads=%(reloads)d adds=%(adds)d flips=%(flips)d' % counts)
