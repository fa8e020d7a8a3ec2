namespace SuperNet.Integration.Tests.Rpc;

/// <summary>The programs both control-plane suites (supervisorctl and xmlrpc.client) start from.</summary>
internal static class RpcConfigs
{
    /// <summary>a (output to files), b (not autostarted), group g of c and d with priorities.</summary>
    public const string Programs = """
        [program:a]
        command=/bin/sh -c "echo a-out; echo a-err >&2; exec sleep 1000"
        startsecs=0
        stdout_logfile={DIR}/a.out
        stderr_logfile={DIR}/a.err

        [program:b]
        command=/bin/sleep 1000
        autostart=false

        [group:g]
        programs=c,d

        [program:c]
        command=/bin/sleep 1000
        startsecs=0
        priority=10

        [program:d]
        command=/bin/sleep 1000
        startsecs=0
        priority=20
        """;
}
