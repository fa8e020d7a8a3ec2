# A stand-in server whose supervisor.getVersion answers an API version other than 3.0.
import sys
from xmlrpc.server import SimpleXMLRPCServer

server = SimpleXMLRPCServer(('127.0.0.1', 0), logRequests=False)
server.register_function(lambda: '2.0', 'supervisor.getVersion')
server.register_function(lambda: [], 'supervisor.getAllProcessInfo')
print(server.server_address[1], flush=True)
server.serve_forever()
