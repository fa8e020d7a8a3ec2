# Reads one JSON object per line ({"path": FILE}) and prints, per line, what supervisor 4.2.5's own
# config parser (supervisor.options.UnhosedConfigParser) makes of FILE: {"error": TEXT} or
# {"defaults": [[k, v]...], "sections": [[name, [[k, v]...]]...]}.
import json
import sys

from supervisor.options import UnhosedConfigParser

for line in sys.stdin:
    path = json.loads(line)["path"]
    parser = UnhosedConfigParser()
    try:
        parser.read(path)
        result = {
            "defaults": [[k, v] for k, v in parser.defaults().items()],
            "sections": [[s, [[k, parser.get(s, k)] for k in parser.options(s)]] for s in parser.sections()],
        }
    except Exception as e:  # every parser error is a result to compare
        result = {"error": str(e)}
    print(json.dumps(result), flush=True)
