import re, sys, zlib
# Rejects (RESULT FAIL) the first delivery of about a third of the distinct payloads, chosen by a CRC of the
# payload with its pid masked, so both daemons see the same rejections and must redeliver the same events.
seen = set()
while True:
    sys.stdout.write('READY\n'); sys.stdout.flush()
    header = sys.stdin.readline()
    if not header:
        break
    fields = dict(x.split(':', 1) for x in header.split())
    payload = sys.stdin.read(int(fields['len']))
    payload = re.sub(r'pid:\d+', 'pid:N', payload)
    key = fields['eventname'] + '\n' + payload
    if key not in seen and zlib.crc32(key.encode()) % 3 == 0:
        seen.add(key)
        sys.stdout.write('RESULT 4\nFAIL'); sys.stdout.flush()
        continue
    seen.add(key)
    sys.stderr.write('%s %r\n' % (fields['eventname'], payload))
    sys.stderr.flush()
    sys.stdout.write('RESULT 2\nOK'); sys.stdout.flush()
