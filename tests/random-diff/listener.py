import sys
while True:
    sys.stdout.write('READY\n'); sys.stdout.flush()
    header = sys.stdin.readline()
    if not header:
        break
    fields = dict(x.split(':', 1) for x in header.split())
    payload = sys.stdin.read(int(fields['len']))
    head = payload.split('\n', 1)[0]
    p = dict(x.split(':', 1) for x in head.split())
    sys.stderr.write('%s %s:%s from=%s\n' % (fields['eventname'], p.get('groupname'), p.get('processname'), p.get('from_state')))
    sys.stderr.flush()
    sys.stdout.write('RESULT 2\nOK'); sys.stdout.flush()
