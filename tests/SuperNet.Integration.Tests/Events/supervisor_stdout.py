"""A stand-in for the supervisor-stdout plugin, written for these tests so that the real supervisord can import
`supervisor_stdout:event_handler` offline. It behaves as the plugin's Python 3 version does (its handler's
output is what supernetd must reproduce). The header's len counts characters and RESULT's counts bytes, so the
listener reads text and answers with the byte length of what it read.

As a listener (run as a script) it answers each event with the event's own payload. As a result handler it
prints each '\n'-separated piece of the payload's data behind "<processname> <channel> | "."""
import sys


def fields_of(header_line):
    return dict(token.split(":") for token in header_line.split())


def listen(stdin, stdout):
    while True:
        stdout.write(b"READY\n")
        stdout.flush()
        header = fields_of(stdin.readline())
        payload = stdin.read(int(header["len"])).encode("utf-8")
        stdout.write(b"RESULT %d\n" % len(payload) + payload)
        stdout.flush()


def event_handler(event, response):
    header_line, data = response.decode().split("\n", 1)
    header = fields_of(header_line)
    prefix = "%s %s | " % (header["processname"], header["channel"])
    print("\n".join(prefix + piece for piece in data.split("\n")))


if __name__ == "__main__":
    listen(sys.stdin, sys.stdout.buffer)
