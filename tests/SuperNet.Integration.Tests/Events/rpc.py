"""Calls supervisor.* XML-RPC methods over a unix socket, as scripts using childutils do.

usage: rpc.py SOCKET METHOD [STRING_ARG ...] [-- METHOD [STRING_ARG ...]] ...
Runs the calls in order on one connection setup; prints each result's repr, or "fault <code> <string>"
and exits 1 at the first fault.
"""
import sys
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport


def main(socket, *words):
    proxy = xmlrpc.client.ServerProxy("http://127.0.0.1", SupervisorTransport(None, None, "unix://" + socket))
    calls, call = [], []
    for word in words:
        if word == "--":
            calls.append(call)
            call = []
        else:
            call.append(word)
    if call:
        calls.append(call)
    for method, *args in calls:
        try:
            print(repr(getattr(proxy.supervisor, method)(*args)))
        except xmlrpc.client.Fault as fault:
            print("fault %d %s" % (fault.faultCode, fault.faultString))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
