#!/usr/bin/python3
"""Runs a fixed list of XML-RPC calls and raw HTTP requests against a supervisord-compatible server
and writes the answers as normalised JSON. capture.py runs it against the real supervisord 4.2.5 to
make the goldens; the SuperNet tests run it against SuperNet and compare.

usage: rpc_calls.py rpc  <serverurl> <basedir> <out.json>
       rpc_calls.py http <unix-socket-path> <basedir> <out.json>
       rpc_calls.py auth <unix-socket-path> <tcp-port> <out.json>
"""
import json, re, socket, sys, xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport

REPEAT = object()

# (label, method, params). Order matters: later calls see the state earlier ones left.
CALLS = [
    ("listMethods", "system.listMethods", []),
    ("sig.startProcess", "system.methodSignature", ["supervisor.startProcess"]),
    ("sig.getState", "system.methodSignature", ["supervisor.getState"]),
    ("sig.multicall", "system.methodSignature", ["system.multicall"]),
    ("sig.unknown", "system.methodSignature", ["supervisor.nope"]),
    ("help.unknown", "system.methodHelp", ["nope.nope"]),
    ("getAPIVersion", "supervisor.getAPIVersion", []),
    ("getVersion", "supervisor.getVersion", []),
    ("getSupervisorVersion", "supervisor.getSupervisorVersion", []),
    ("getIdentification", "supervisor.getIdentification", []),
    ("getState", "supervisor.getState", []),
    ("unknown.noDot", "getState", []),
    ("unknown.method", "supervisor.nope", []),
    ("unknown.underscore", "supervisor._update", ["x"]),
    ("unknown.threeParts", "supervisor.getState.x", []),
    ("unknown.namespace", "nope.getState", []),
    ("arity.getState", "supervisor.getState", [1]),
    ("arity.startProcess", "supervisor.startProcess", []),
    ("arity.getProcessInfo", "supervisor.getProcessInfo", ["a", "b"]),
    ("arity.listMethods", "system.listMethods", ["x"]),
    ("info.sleeper", "supervisor.getProcessInfo", ["sleeper"]),
    ("info.web00", "supervisor.getProcessInfo", ["web:web_00"]),
    ("info.bareGroup", "supervisor.getProcessInfo", ["web"]),
    ("info.groupStar", "supervisor.getProcessInfo", ["web:*"]),
    ("info.unknown", "supervisor.getProcessInfo", ["nosuch"]),
    ("info.unknownInGroup", "supervisor.getProcessInfo", ["web:nosuch"]),
    ("allInfo", "supervisor.getAllProcessInfo", []),
    ("allConfig", "supervisor.getAllConfigInfo", []),
    ("start.running", "supervisor.startProcess", ["sleeper"]),
    ("start.missing", "supervisor.startProcess", ["missing"]),
    ("start.unknown", "supervisor.startProcess", ["nosuch"]),
    ("start.bareGroup", "supervisor.startProcess", ["web"]),
    ("start.groupAllRunning", "supervisor.startProcess", ["web:*"]),
    ("startGroup.unknown", "supervisor.startProcessGroup", ["nosuch"]),
    ("stop.notRunning", "supervisor.stopProcess", ["idle"]),
    ("stop.unknown", "supervisor.stopProcess", ["nosuch:x"]),
    ("signal.badName", "supervisor.signalProcess", ["sleeper", "BOGUS"]),
    ("signal.badNumber", "supervisor.signalProcess", ["sleeper", "40"]),
    ("signal.notRunning", "supervisor.signalProcess", ["idle", "HUP"]),
    ("signal.badSignalBeforeName", "supervisor.signalProcess", ["nosuch", "BOGUS"]),
    ("signal.zero", "supervisor.signalProcess", ["sleeper", "0"]),
    ("signal.lowercase", "supervisor.signalProcess", ["sleeper", "sigcont"]),
    ("signal.number", "supervisor.signalProcess", ["sleeper", "18"]),
    ("signalGroup.bad", "supervisor.signalProcessGroup", ["web", "BOGUS"]),
    ("signalGroup.ok", "supervisor.signalProcessGroup", ["web", "CONT"]),
    ("signalGroup.nothing", "supervisor.signalProcessGroup", ["idle", "CONT"]),
    ("signalGroup.unknown", "supervisor.signalProcessGroup", ["nosuch", "CONT"]),
    ("readLog.0_5", "supervisor.readProcessStdoutLog", ["sleeper", 0, 5]),
    ("readLog.5_5", "supervisor.readProcessStdoutLog", ["sleeper", 5, 5]),
    ("readLog.-5_0", "supervisor.readProcessStdoutLog", ["sleeper", -5, 0]),
    ("readLog.-100_0", "supervisor.readProcessStdoutLog", ["sleeper", -100, 0]),
    ("readLog.100_5", "supervisor.readProcessStdoutLog", ["sleeper", 100, 5]),
    ("readLog.-5_2", "supervisor.readProcessStdoutLog", ["sleeper", -5, 2]),
    ("readLog.0_-1", "supervisor.readProcessStdoutLog", ["sleeper", 0, -1]),
    ("readLog.0_0", "supervisor.readProcessLog", ["sleeper", 0, 0]),
    ("readLog.stderrNone", "supervisor.readProcessStderrLog", ["sleeper", 0, 0]),
    ("readLog.stderrRedirected", "supervisor.readProcessStderrLog", ["idle", 0, 0]),
    ("readLog.notCreated", "supervisor.readProcessStdoutLog", ["idle", 0, 0]),
    ("readLog.groupStar", "supervisor.readProcessStdoutLog", ["web:*", 0, 0]),
    ("tail.0_100", "supervisor.tailProcessStdoutLog", ["sleeper", 0, 100]),
    ("tail.0_5", "supervisor.tailProcessStdoutLog", ["sleeper", 0, 5]),
    ("tail.21_5", "supervisor.tailProcessLog", ["sleeper", 21, 5]),
    ("tail.0_0", "supervisor.tailProcessStdoutLog", ["sleeper", 0, 0]),
    ("tail.-5_0", "supervisor.tailProcessStdoutLog", ["sleeper", -5, 0]),
    ("tail.stderrNone", "supervisor.tailProcessStderrLog", ["sleeper", 0, 10]),
    ("tail.notCreated", "supervisor.tailProcessStdoutLog", ["idle", 0, 10]),
    ("tail.unknown", "supervisor.tailProcessStdoutLog", ["nosuch", 0, 10]),
    ("mainLog.badArgs", "supervisor.readLog", [-5, 2]),
    ("mainLog.readMainLog.badArgs", "supervisor.readMainLog", [0, -1]),
    ("multicall", "system.multicall", [[
        {"methodName": "supervisor.getAPIVersion", "params": []},
        {"methodName": "supervisor.getProcessInfo", "params": ["nosuch"]},
        {"params": []},
        {"methodName": "system.multicall", "params": [[]]},
        {"methodName": "supervisor.getState"},
        {"methodName": "supervisor.nope", "params": []},
        {"methodName": "supervisor.getState", "params": [1]},
        {"methodName": "supervisor.startProcess", "params": ["sleeper"]},
    ]]),
    ("multicall.empty", "system.multicall", [[]]),
    ("reloadConfig", "supervisor.reloadConfig", []),
    ("addGroup.active", "supervisor.addProcessGroup", ["sleeper"]),
    ("addGroup.unknown", "supervisor.addProcessGroup", ["nosuch"]),
    ("removeGroup.running", "supervisor.removeProcessGroup", ["sleeper"]),
    ("removeGroup.unknown", "supervisor.removeProcessGroup", ["nosuch"]),
    ("stdin.ok", "supervisor.sendProcessStdin", ["cat", "hello\n"]),
    ("stdin.notRunning", "supervisor.sendProcessStdin", ["idle", "x"]),
    ("stdin.notString", "supervisor.sendProcessStdin", ["cat", 5]),
    ("stdin.unknown", "supervisor.sendProcessStdin", ["nosuch", "x"]),
    ("remoteComm", "supervisor.sendRemoteCommEvent", ["type", "data"]),
    ("clear.notRunning", "supervisor.clearProcessLogs", ["idle"]),
    ("clear.unknown", "supervisor.clearProcessLog", ["nosuch"]),
    ("start.idle", "supervisor.startProcess", ["idle"]),
    ("info.idleRunning", "supervisor.getProcessInfo", ["idle"]),
    ("stop.idle", "supervisor.stopProcess", ["idle"]),
    ("start.idleNoWait", "supervisor.startProcess", ["idle", False]),
    ("stop.idleWait", "supervisor.stopProcess", ["idle", True]),
    ("start.idleNoWait2", "supervisor.startProcess", ["idle", False]),
    ("stop.idleNoWait", "supervisor.stopProcess", ["idle", False]),
    ("stop.idleAgain", "supervisor.stopProcess", ["idle"]),
    ("startGroup.web", "supervisor.startProcessGroup", ["web"]),
    ("stopGroup.web", "supervisor.stopProcessGroup", ["web"]),
    ("stopGroup.webAgain", "supervisor.stopProcessGroup", ["web"]),
    ("start.webStar", "supervisor.startProcess", ["web:*"]),
    ("removeGroup.stopped", "supervisor.removeProcessGroup", ["missing"]),
    ("reloadConfig.afterRemove", "supervisor.reloadConfig", []),
    ("addGroup.missing", "supervisor.addProcessGroup", ["missing"]),
    ("allInfo.afterAdd", "supervisor.getAllProcessInfo", []),
    ("type.intName", "supervisor.getProcessInfo", [1]),
    ("type.stringOffset", "supervisor.readProcessStdoutLog", ["sleeper", "x", 0]),
    ("type.intSignal", "supervisor.signalProcess", ["sleeper", 18]),
    ("type.structName", "supervisor.startProcess", [{"a": 1}]),
    ("getPID", "supervisor.getPID", []),
]

PID_KEYS = ("pid", "start", "stop", "now")


def normalise(value, basedir):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in PID_KEYS and isinstance(v, int) and v != 0:
                v = "<nonzero>"
            elif k == "description" and isinstance(v, str):
                v = re.sub(r"^pid \d+, uptime \d+:\d\d:\d\d$", "pid <pid>, uptime <uptime>", v)
                v = re.sub(r"^\w{3} \d\d \d\d:\d\d [AP]M$", "<stoptime>", v)
            out[k] = normalise(v, basedir)
        return out
    if isinstance(value, list):
        return [normalise(v, basedir) for v in value]
    if isinstance(value, str):
        return value.replace(basedir, "<dir>")
    return value


def rpc(serverurl, basedir, out):
    transport = SupervisorTransport(None, None, serverurl)
    proxy = xmlrpc.client.ServerProxy("http://127.0.0.1", transport)
    results = []
    for label, method, params in CALLS:
        try:
            value = getattr(proxy, method)(*params)
            if label == "getPID":
                value = "<pid>" if isinstance(value, int) and value > 0 else value
            entry = {"result": normalise(value, basedir)}
        except xmlrpc.client.Fault as f:
            entry = {"fault": [f.faultCode, normalise(f.faultString, basedir)]}
        except xmlrpc.client.ProtocolError as e:
            entry = {"http": e.errcode}
            transport = SupervisorTransport(None, None, serverurl)
            proxy = xmlrpc.client.ServerProxy("http://127.0.0.1", transport)
        results.append({"label": label, "method": method, **entry})
    write(out, results)


def raw(path, request, port=None):
    if port is None:
        s = socket.socket(socket.AF_UNIX)
        s.connect(path)
    else:
        s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(10)
    s.sendall(request)
    chunks = []
    while True:
        try:
            data = s.recv(65536)
        except socket.timeout:
            break
        if not data:
            break
        chunks.append(data)
    s.close()
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    keep = {k: headers[k] for k in ("content-type", "content-length", "www-authenticate", "server") if k in headers}
    keep["has-date"] = "date" in headers
    return {"status": lines[0], "headers": keep, "body": body.decode("utf-8", "replace")}


def post(body, version="HTTP/1.0", path="/RPC2", extra=b""):
    return (b"POST " + path.encode() + b" " + version.encode() + b"\r\nHost: localhost\r\nConnection: close\r\n"
            + extra + b"Content-Type: text/xml\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


def call(method, extra=b""):
    return post(xmlrpc.client.dumps((), method).encode(), extra=extra)


HTTP_CASES = [
    ("get.rpc2", b"GET /RPC2 HTTP/1.0\r\n\r\n"),
    ("post.noLength", b"POST /RPC2 HTTP/1.0\r\nContent-Type: text/xml\r\n\r\n"),
    ("post.noLength.http11", b"POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: text/xml\r\n\r\n"),
    ("post.malformed", post(b"<methodCall><methodName>x")),
    ("post.notXmlRpc", post(b"hello")),
    ("post.noMethodName", post(b"<?xml version='1.0'?><methodCall><params/></methodCall>")),
    ("post.emptyMethodName", post(b"<methodCall><methodName></methodName></methodCall>")),
    ("post.ok.http10", call("supervisor.getAPIVersion")),
    ("post.ok.http11", post(xmlrpc.client.dumps((), "supervisor.getAPIVersion").encode(), "HTTP/1.1")),
    ("post.rpc2Suffix", post(xmlrpc.client.dumps((), "supervisor.getAPIVersion").encode(), path="/RPC2/x?y=1")),
    ("post.authIgnored", call("supervisor.getAPIVersion", b"Authorization: Basic Og==\r\n")),
    ("get.logtail.unknown", b"GET /logtail/nosuch HTTP/1.0\r\n\r\n"),
    ("get.logtail.badChannel", b"GET /logtail/sleeper/other HTTP/1.0\r\n\r\n"),
    ("get.logtail.noFile", b"GET /logtail/missing HTTP/1.0\r\n\r\n"),
    ("post.logtail", b"POST /logtail/sleeper HTTP/1.0\r\nContent-Length: 0\r\n\r\n"),
    ("get.static.missing", b"GET /nope.txt HTTP/1.0\r\n\r\n"),
    ("get.ok", b"GET /ok.html HTTP/1.0\r\n\r\n"),
]


def http(path, basedir, out):
    write(out, [{"label": label, **raw(path, request)} for label, request in HTTP_CASES])


def auth(path, port, out):
    import base64
    def basic(user, pw):
        return b"Authorization: Basic " + base64.b64encode(f"{user}:{pw}".encode()) + b"\r\n"
    cases = []
    for where, p in (("unix", None), ("tcp", int(port))):
        for label, extra in (("none", b""), ("wrongUser", basic("nope", "secret")), ("wrongPass", basic("user", "nope")),
                             ("good", basic("user", "secret")), ("scheme", b"Authorization: Digest abc\r\n")):
            cases.append({"label": f"{where}.rpc.{label}", **raw(path, call("supervisor.getAPIVersion", extra), p)})
        cases.append({"label": f"{where}.get.none", **raw(path, b"GET /logtail/x HTTP/1.0\r\n\r\n", p)})
    write(out, cases)


def write(out, data):
    with open(out, "w") as f:
        json.dump(data, f, indent=1, sort_keys=False, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "rpc":
        rpc(sys.argv[2], sys.argv[3], sys.argv[4])
    elif mode == "http":
        http(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        auth(sys.argv[2], sys.argv[3], sys.argv[4])
