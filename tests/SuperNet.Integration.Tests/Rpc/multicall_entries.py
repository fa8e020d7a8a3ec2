"""system.multicall entries that are not well-formed calls, through supervisor's own transport; prints one line
per case so runs against supernetd and supervisord 4.2.5 compare line by line.

usage: multicall_entries.py SOCKET"""
import datetime
import sys
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

proxy = xmlrpc.client.ServerProxy('http://127.0.0.1', allow_none=True,
                                  transport=SupervisorTransport(None, None, 'unix://' + sys.argv[1]))


def multi(label, calls):
    try:
        result = proxy.system.multicall(calls)
    except xmlrpc.client.ProtocolError as e:
        result = ('HTTP', e.errcode)
    print(label, repr(result), flush=True)


for name in [5, True, 1.5, {'a': 1}, ['x'], xmlrpc.client.DateTime(datetime.datetime(2020, 1, 1)), None,
             xmlrpc.client.Binary(b'supervisor.getAPIVersion'), xmlrpc.client.Binary(b'nosuch')]:
    multi('methodName %r:' % type(name).__name__, [{'methodName': name}])
# An entry that is not a struct ends the whole multicall: the calls before it ran, the ones after it never do.
multi('not a struct:', [{'methodName': 'supervisor.getAPIVersion'}, 'bogus',
                        {'methodName': 'supervisor.stopProcess', 'params': ['late']}])
multi('list entry:', [[], {'methodName': 'supervisor.stopProcess', 'params': ['late']}])
multi('after a deferred call:', [{'methodName': 'supervisor.startProcess', 'params': ['early']}, 7,
                                 {'methodName': 'supervisor.stopProcess', 'params': ['late']}])
print('early', proxy.supervisor.getProcessInfo('early')['statename'])
print('late', proxy.supervisor.getProcessInfo('late')['statename'])
