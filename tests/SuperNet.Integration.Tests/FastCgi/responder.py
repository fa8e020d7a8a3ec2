"""A minimal FastCGI responder for the [fcgi-program:x] tests: it accepts on the listening socket it was given
as fd 0 (as php-fpm or flup do under supervisord) and answers every request with its own pid."""
import os
import socket
import struct

BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT = 1, 3, 4, 5, 6
HEADER = struct.Struct(">BBHHBx")


def read_exactly(conn, size):
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def record(kind, request_id, content):
    return HEADER.pack(1, kind, request_id, len(content), 0) + content


def serve(conn):
    request_id = 0
    while True:
        _, kind, request_id, length, padding = HEADER.unpack(read_exactly(conn, HEADER.size))
        read_exactly(conn, length + padding)
        if kind == STDIN and length == 0:
            break
    body = ("Content-Type: text/plain\r\n\r\npid %d\n" % os.getpid()).encode()
    conn.sendall(record(STDOUT, request_id, body) + record(STDOUT, request_id, b"")
                 + record(END_REQUEST, request_id, struct.pack(">IB3x", 0, 0)))


listener = socket.socket(fileno=0)
while True:
    conn, _ = listener.accept()
    try:
        serve(conn)
    except EOFError:
        pass
    finally:
        conn.close()
