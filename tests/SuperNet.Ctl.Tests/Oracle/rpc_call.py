# Calls one supervisor.* method through supervisor's own XML-RPC transport and prints the result as JSON.
import json
import sys
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

url, method = sys.argv[1], sys.argv[2]
proxy = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, url))
print(json.dumps(getattr(proxy.supervisor, method)()))
