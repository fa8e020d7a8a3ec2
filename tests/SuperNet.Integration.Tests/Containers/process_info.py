"""Prints getProcessInfo of one process as JSON, through supervisor's own transport.

usage: process_info.py SOCKET NAME"""
import json
import sys
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

proxy = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + sys.argv[1]))
print(json.dumps(proxy.supervisor.getProcessInfo(sys.argv[2])))
