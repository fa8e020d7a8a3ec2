"""Calls supervisor.* XML-RPC methods over a unix socket and prints each answer as is, faults included.

usage: rpc_answers.py SOCKET METHOD [ARG ...] [-- METHOD [ARG ...]] ...
An ARG is sent as a string, or as an int when written i:N. One line per call: the result's repr (arrays in the
order the daemon sent them), or "fault CODE STRING".
"""
import sys
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport


def value(word):
    return int(word[2:]) if word.startswith("i:") else word


def main(socket, *words):
    proxy = xmlrpc.client.ServerProxy("http://127.0.0.1", SupervisorTransport(None, None, "unix://" + socket))
    calls = [[]]
    for word in words:
        if word == "--":
            calls.append([])
        else:
            calls[-1].append(value(word))
    for method, *args in (c for c in calls if c):
        try:
            print(repr(getattr(proxy.supervisor, method)(*args)), flush=True)
        except xmlrpc.client.Fault as fault:
            print("fault %d %s" % (fault.faultCode, fault.faultString), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
