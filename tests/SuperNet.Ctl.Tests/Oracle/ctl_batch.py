# Runs supervisorctl's own main() once per request line, in one interpreter, so a differential test
# pays Python's start-up once instead of per command. Request: a JSON array of arguments (with an
# action; the interactive shell is never started here). Answer: one JSON object per request.
import contextlib
import io
import json
import sys

sys.argv[0] = '/usr/bin/supervisorctl'

from supervisor import supervisorctl  # noqa: E402
from supervisor.options import ClientOptions  # noqa: E402

for line in sys.stdin:
    args = json.loads(line)
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        options = ClientOptions()
        options.stdout = out
        options.stderr = err
        try:
            supervisorctl.main(args, options)
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except Exception:
            import traceback
            traceback.print_exc(file=err)
            code = 1
    sys.__stdout__.write(json.dumps({'stdout': out.getvalue(), 'stderr': err.getvalue(), 'code': code}) + '\n')
    sys.__stdout__.flush()
