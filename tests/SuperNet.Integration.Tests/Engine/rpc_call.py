"""One XML-RPC call through supervisor's own transport; prints the result's repr, or FAULT code text.

usage: rpc_call.py SOCKET METHOD [JSON_ARG ...]"""
import json
import sys
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

proxy = xmlrpc.client.ServerProxy(
    'http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + sys.argv[1]))
method = proxy
for part in sys.argv[2].split('.'):
    method = getattr(method, part)
try:
    print(repr(method(*[json.loads(a) for a in sys.argv[3:]])))
except xmlrpc.client.Fault as f:
    print('FAULT', f.faultCode, f.faultString)
