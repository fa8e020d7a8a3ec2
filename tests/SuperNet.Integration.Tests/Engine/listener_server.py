"""An event listener that appends each envelope's server and event name to the file named by argv[1]."""
import sys

out = sys.argv[1]
while True:
    sys.stdout.write('READY\n')
    sys.stdout.flush()
    header = dict(token.split(':', 1) for token in sys.stdin.readline().split())
    sys.stdin.read(int(header['len']))
    with open(out, 'a') as f:
        f.write(header['server'] + ' ' + header['eventname'] + '\n')
    sys.stdout.write('RESULT 2\nOK')
    sys.stdout.flush()
