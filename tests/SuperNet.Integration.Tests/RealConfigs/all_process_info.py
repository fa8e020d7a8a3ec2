"""Prints getAllProcessInfo as JSON, through supervisor's own transport.

usage: all_process_info.py SOCKET"""
import json
import sys
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

proxy = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + sys.argv[1]))
print(json.dumps(proxy.supervisor.getAllProcessInfo()))
