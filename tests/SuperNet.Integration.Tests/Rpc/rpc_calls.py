"""Calls supervisord's XML-RPC methods through supervisor's own transport and prints one normalised line
per call, so a run against supernetd and one against supervisord 4.2.5 can be compared line by line.

usage: rpc_calls.py SOCKET SCRATCH_DIR"""
import re
import sys
import time
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

socket_path, scratch = sys.argv[1], sys.argv[2]
proxy = xmlrpc.client.ServerProxy(
    'http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + socket_path))
TIME_KEYS = {'start', 'stop', 'now'}


def norm(value, key=None):
    if isinstance(value, dict):
        return {k: norm(v, k) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [norm(v) for v in value]
        # Group and "all" results come in completion order, which timing decides.
        if items and all(isinstance(v, dict) and 'status' in v for v in items):
            items.sort(key=lambda v: (v['group'], v['name']))
        return items
    if key == 'pid' and isinstance(value, int):
        return 'PID' if value else 0
    if key in TIME_KEYS and isinstance(value, int):
        return 'TIME' if value else 0
    if isinstance(value, str):
        value = value.replace(scratch, 'DIR')
        value = re.sub(r'---supervisor-\S+\.log', '---supervisor-AUTO.log', value)
        value = re.sub(r'pid \d+, uptime \S+', 'pid N, uptime U', value)
        value = re.sub(r'[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M', 'DATE', value)
    return value


def call(label, method, *args):
    try:
        result = norm(getattr(proxy, method)(*args))
    except xmlrpc.client.Fault as f:
        result = ('FAULT', f.faultCode, norm(f.faultString))
    print(label, repr(result), flush=True)


def call_multi(label, calls):
    result = proxy.system.multicall(calls)
    print(label, repr(norm(result)), flush=True)


call('api', 'supervisor.getAPIVersion')
call('version', 'supervisor.getVersion')
call('supervisor_version', 'supervisor.getSupervisorVersion')
call('identification', 'supervisor.getIdentification')
call('state', 'supervisor.getState')
print('pid', type(proxy.supervisor.getPID()).__name__)
call('all_info', 'supervisor.getAllProcessInfo')
call('info_a', 'supervisor.getProcessInfo', 'a')
call('info_group', 'supervisor.getProcessInfo', 'g:*')
call('info_nosuch', 'supervisor.getProcessInfo', 'nosuch')
call('config_info', 'supervisor.getAllConfigInfo')
call('methods', 'system.listMethods')
call('signature', 'system.methodSignature', 'supervisor.startProcess')
call('signature_bad', 'system.methodSignature', 'supervisor.nosuch')
call('unknown', 'supervisor.nosuch')
call('arity', 'supervisor.getProcessInfo')

call('read_a', 'supervisor.readProcessStdoutLog', 'a', 0, 0)
call('read_a_tail', 'supervisor.readProcessStdoutLog', 'a', -3, 0)
call('read_a_bad', 'supervisor.readProcessStdoutLog', 'a', -3, 2)
call('read_a_err', 'supervisor.readProcessStderrLog', 'a', 0, 0)
call('read_b_never', 'supervisor.readProcessStdoutLog', 'b', 0, 0)
call('read_redirected', 'supervisor.readProcessStderrLog', 'r', 0, 0)
call('tail_a', 'supervisor.tailProcessStdoutLog', 'a', 0, 100)
call('tail_a_overflow', 'supervisor.tailProcessStdoutLog', 'a', 0, 2)
call('tail_missing', 'supervisor.tailProcessStdoutLog', 'r', 0, 100)
call('read_main_bad', 'supervisor.readLog', -1, 5)
print('read_main', type(proxy.supervisor.readLog(0, 0)).__name__, flush=True)

call('start_b', 'supervisor.startProcess', 'b')
call('start_b_again', 'supervisor.startProcess', 'b')
call('start_missing', 'supervisor.startProcess', 'bad')
call('start_quick', 'supervisor.startProcess', 'quick')
call('stop_b', 'supervisor.stopProcess', 'b')
call('stop_b_again', 'supervisor.stopProcess', 'b')
call('start_b_nowait', 'supervisor.startProcess', 'b', False)
call('stop_b_wait', 'supervisor.stopProcess', 'b', True)
call('stop_group', 'supervisor.stopProcessGroup', 'g')
call('start_group', 'supervisor.startProcessGroup', 'g')
call('start_group_star', 'supervisor.startProcess', 'g:*')
call('stop_group_bare', 'supervisor.stopProcess', 'g')
call('signal_c', 'supervisor.signalProcess', 'g:c', 'CONT')
call('signal_c_number', 'supervisor.signalProcess', 'g:c', 18)
call('signal_bad_name', 'supervisor.signalProcess', 'g:c', 'BOGUS')
call('signal_stopped', 'supervisor.signalProcess', 'b', 'HUP')
call('signal_group', 'supervisor.signalProcessGroup', 'g', 'CONT')
call('signal_all', 'supervisor.signalAllProcesses', 'CONT')
call('stdin_stopped', 'supervisor.sendProcessStdin', 'b', 'x')
call('stdin_a', 'supervisor.sendProcessStdin', 'a', 'hello\n')
call('stdin_nonstring', 'supervisor.sendProcessStdin', 'a', 5)
call('clear_a', 'supervisor.clearProcessLogs', 'a')
call('read_a_cleared', 'supervisor.readProcessStdoutLog', 'a', 0, 0)
call('clear_all', 'supervisor.clearAllProcessLogs')
call('remote_comm', 'supervisor.sendRemoteCommEvent', 'type', 'data')
call_multi('multicall', [
    {'methodName': 'supervisor.getAPIVersion'},
    {'methodName': 'supervisor.getProcessInfo', 'params': ['nosuch']},
    {'methodName': 'supervisor.stopProcess', 'params': ['b']},
    {'methodName': 'supervisor.startProcess', 'params': ['b']},
    {'methodName': 'system.multicall', 'params': [[]]},
    {'params': []},
])
call('reload', 'supervisor.reloadConfig')
call('config_info_after_reload', 'supervisor.getAllConfigInfo')
call('add_active', 'supervisor.addProcessGroup', 'a')
call('add_nosuch', 'supervisor.addProcessGroup', 'nosuch')
call('remove_running', 'supervisor.removeProcessGroup', 'a')
call('remove_nosuch', 'supervisor.removeProcessGroup', 'nosuch')
call('remove_stopped', 'supervisor.removeProcessGroup', 'quick')
call('reload_after_remove', 'supervisor.reloadConfig')
call('add_back', 'supervisor.addProcessGroup', 'quick')
# supervisord materializes AUTO log names into the config object itself: removing the group keeps them in
# getAllConfigInfo, and adding the same object again reuses the same files.
quick_log = proxy.supervisor.getProcessInfo('quick')['stdout_logfile']
call('remove_added_back', 'supervisor.removeProcessGroup', 'quick')
print('config_info_removed', repr(norm([c for c in proxy.supervisor.getAllConfigInfo() if c['name'] == 'quick'])), flush=True)
call('add_again', 'supervisor.addProcessGroup', 'quick')
print('same_auto_log_after_add_again', proxy.supervisor.getProcessInfo('quick')['stdout_logfile'] == quick_log, flush=True)
call('stop_all', 'supervisor.stopAllProcesses')
call('all_info_stopped', 'supervisor.getAllProcessInfo')
call('start_all', 'supervisor.startAllProcesses')
call('shutdown', 'supervisor.shutdown')
