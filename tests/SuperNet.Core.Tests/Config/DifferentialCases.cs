namespace SuperNet.Core.Tests.Config;

/// <summary>
/// Config files fed to both the real supervisord and SuperNet. "{dir}" is replaced by the case's
/// temporary directory, which is also the working directory; the main file is "supervisord.conf",
/// given as "-c supervisord.conf" before the case's arguments unless these start with "!".
/// </summary>
internal static class DifferentialCases
{
    private const string Sd = "[supervisord]\n";
    private const string P = "[supervisord]\n[program:x]\ncommand=/bin/true\n";

    /// <summary>Configurations supervisord rejects (contract §4.16 and the traps of §4.2-§4.4, §10).</summary>
    public static readonly Dictionary<string, (string Conf, string[] Args)> Bad = new()
    {
        ["no-section-header"] = ("; c\nfoo=bar\n", []),
        ["minfds-beyond-python-digit-limit"] = (Sd + "minfds=" + new string('9', 4301) + "\n", []),
        ["port-beyond-64-bits"] = (Sd + "[inet_http_server]\nport=127.0.0.1:99999999999999999999999\n", []),
        ["fcgi-port-beyond-64-bits"] = (Sd + "[fcgi-program:f]\ncommand=/bin/true\nsocket=tcp://127.0.0.1:99999999999999999999999\n", []),
        ["parse-errors"] = ("[supervisord]\nbogus line\n  x\n=y\nz", []),
        ["no-supervisord-section"] = ("[program:x]\ncommand=/bin/true\n", []),
        ["case-sensitive-supervisord"] = ("[Supervisord]\n", []),
        ["include-without-files"] = ("[include]\n" + Sd, []),
        ["bad-boolean"] = (P + "autostart=maybe\n", []),
        ["default-leaks-into-programs"] = ("[DEFAULT]\nautostart=maybe\n" + P, []),
        ["numprocs-without-process-num"] = (P + "numprocs=2\n", []),
        ["unknown-user"] = (P + "user=nosuchuserxyz\n", []),
        ["unknown-uid"] = (P + "user=54321\n", []),
        ["log-dir-missing"] = (P + "stdout_logfile=/nonexist/dir/x.log\n", []),
        ["lone-percent"] = (Sd + "[program:x]\ncommand=/bin/true 100%\n", []),
        ["percent-in-password"] = (Sd + "[inet_http_server]\nport=127.0.0.1:1\nusername=u\npassword=a%b\n", []),
        ["invalid-program-name"] = (Sd + "[program:x y]\ncommand=/bin/true\n", []),
        ["invalid-group-name"] = (Sd + "[group:a/b]\n", []),
        ["invalid-process-name"] = (P + "process_name=a:b\n", []),
        ["group-unknown-member"] = (Sd + "[group:g]\nprograms=zz\n", []),
        ["group-unknown-second-member"] = (P + "[group:g]\nprograms=x,zz\n", []),
        ["group-empty-member"] = (P + "[group:g]\nprograms=x,,\n", []),
        ["group-ambiguous-member"] = (P + "[fcgi-program:x]\ncommand=/bin/true\nsocket=tcp://127.0.0.1:1\n[group:g]\nprograms=x\n", []),
        ["unix-no-file"] = (Sd + "[unix_http_server]\nchmod=0700\n", []),
        ["unix-named-no-file"] = (Sd + "[unix_http_server:two]\n", []),
        ["inet-no-port"] = (Sd + "[inet_http_server]\n", []),
        ["inet-port-not-int"] = (Sd + "[inet_http_server]\nport=localhost:notaport\n", []),
        ["inet-bare-port-not-int"] = (Sd + "[inet_http_server]\nport=notaport\n", []),
        ["inet-port-zero"] = (Sd + "[inet_http_server]\nport=:0\n", []),
        ["inet-port-too-big"] = (Sd + "[inet_http_server]\nport=*:70000\n", []),
        ["inet-no-port-after-colon"] = (Sd + "[inet_http_server]\nport=host:\n", []),
        ["incomplete-auth"] = (Sd + "[inet_http_server]\nport=9\nusername=u\n", []),
        ["unix-incomplete-auth"] = (Sd + "[unix_http_server]\nfile={dir}/s.sock\npassword=p\n", []),
        ["bad-chmod"] = (Sd + "[unix_http_server]\nfile={dir}/s.sock\nchmod=999\n", []),
        ["bad-chown"] = (Sd + "[unix_http_server]\nfile={dir}/s.sock\nchown=nosuchuserxyz\n", []),
        ["bad-chown-group"] = (Sd + "[unix_http_server]\nfile={dir}/s.sock\nchown=root:nosuchgroupxyz\n", []),
        ["unknown-event"] = (Sd + "[eventlistener:e]\ncommand=/bin/true\nevents=FOO\n", []),
        ["listener-no-events"] = (Sd + "[eventlistener:e]\ncommand=/bin/true\n", []),
        ["listener-buffer-size"] = (Sd + "[eventlistener:e]\ncommand=/bin/true\nevents=TICK_5\nbuffer_size=0\n", []),
        ["listener-redirect-stderr"] = (Sd + "[eventlistener:e]\ncommand=/bin/true\nevents=TICK_5\nredirect_stderr=true\n", []),
        ["listener-bad-process-name"] = (Sd + "[eventlistener:e]\ncommand=/bin/true\nevents=TICK_5\nnumprocs=3\n", []),
        ["bad-loglevel"] = (Sd + "loglevel=verbose\n", []),
        ["loglevel-warning"] = (Sd + "loglevel=warning\n", []),
        ["supervisord-unknown-name"] = (Sd + "logfile=%(program_name)s.log\n", []),
        ["supervisord-bad-umask"] = (Sd + "umask=089\n", []),
        ["supervisord-bad-minfds"] = (Sd + "minfds=lots\n", []),
        ["supervisord-childlogdir"] = (Sd + "childlogdir=/nonexistent/dir\n", []),
        ["supervisord-directory"] = (Sd + "directory=/nonexistent/dir\n", []),
        ["supervisord-childlogdir-empty"] = (Sd + "childlogdir=\nenvironment=::\n", []),
        ["supervisord-directory-empty"] = (Sd + "directory=\n", []),
        ["cli-directory-empty"] = (Sd, ["-d", ""]),
        ["supervisord-user"] = (Sd + "user=nosuchuserxyz\n", []),
        ["supervisord-maxbytes"] = (Sd + "logfile_maxbytes=10XB\n", []),
        ["supervisord-environment"] = (Sd + "environment=A=a@b\n", []),
        ["supervisord-environment-host-node-name-first-pass"] = (Sd + "environment=B=%(host_node_name)s\n", []),
        ["supervisord-environment-double-expansion"] = (Sd + "environment=A=\"100%%\"\n", []),
        ["stopasgroup-without-killasgroup"] = (P + "stopasgroup=true\nkillasgroup=false\n", []),
        ["no-command"] = (Sd + "[program:x]\npriority=1\n", []),
        ["bad-exitcodes"] = (P + "exitcodes=0,256\n", []),
        ["bad-autorestart"] = (P + "autorestart=Sometimes\n", []),
        ["bad-signal-name"] = (P + "stopsignal=FOO\n", []),
        ["bad-signal-number"] = (P + "stopsignal=40\n", []),
        ["signal-number-beyond-64-bits"] = (P + "stopsignal=99999999999999999999999\n", []),
        ["signal-number-beyond-python-digit-limit"] = (P + "stopsignal=" + new string('9', 4301) + "\n", []),
        ["bad-startsecs"] = (P + "startsecs=1.5\n", []),
        ["bad-umask"] = (P + "umask=089\n", []),
        ["bad-maxbytes"] = (P + "stdout_logfile_maxbytes=10K\n", []),
        ["bad-program-environment"] = (P + "environment=A=1 B=2\n", []),
        ["environment-triple-quotes"] = (P + "environment=A=\"\"\"x\"\"\",B=1\n", []),
        ["unclosed-environment-quote"] = (P + "environment=A=\"x\n", []),
        ["process-num-not-in-priority"] = (P + "priority=%(process_num)s\n", []),
        ["env-unknown-in-command"] = (Sd + "[program:x]\ncommand=/bin/echo %(ENV_SUPERNET_SURELY_UNSET)s\n", []),
        ["logfile-double-expansion"] = (P + "stdout_logfile={dir}/100%%.log\n", []),
        ["program-env-not-in-user"] = (P + "environment=WHO=root\nuser=%(ENV_WHO)s\n", []),
        ["fcgi-no-socket"] = (Sd + "[fcgi-program:f]\ncommand=/bin/true\n", []),
        ["fcgi-relative-unix"] = (Sd + "[fcgi-program:f]\ncommand=/bin/true\nsocket=unix://rel.sock\n", []),
        ["fcgi-bad-format"] = (Sd + "[fcgi-program:f]\ncommand=/bin/true\nsocket=foo\n", []),
        ["fcgi-tcp-port"] = (Sd + "[fcgi-program:f]\ncommand=/bin/true\nsocket=tcp://h:70000\n", []),
        ["fcgi-mode-on-tcp"] = (Sd + "[fcgi-program:f]\ncommand=/bin/true\nsocket=tcp://h:1\nsocket_mode=0777\n", []),
        ["fcgi-backlog"] = (Sd + "[fcgi-program:f]\ncommand=/bin/true\nsocket=tcp://h:1\nsocket_backlog=0\n", []),
        ["fcgi-owner"] = (Sd + "[fcgi-program:f]\ncommand=/bin/true\nsocket=unix:///tmp/f.sock\nsocket_owner=nosuchuserxyz\n", []),
        ["fcgi-bad-mode"] = (Sd + "[fcgi-program:f]\ncommand=/bin/true\nsocket=unix:///tmp/f.sock\nsocket_mode=abc\n", []),
        ["fcgi-program-name-only"] = (Sd + "[fcgi-program:f]\ncommand=/bin/true\nsocket=unix:///tmp/%(group_name)s.sock\n", []),
        ["rpcinterface-no-factory"] = (Sd + "[rpcinterface:x]\nfoo=bar\n", []),
        ["rpcinterface-unresolvable"] = (Sd + "[rpcinterface:x]\nsupervisor.rpcinterface_factory=nosuchmodule:make\n", []),
        ["include-parse-error"] = ("[include]\nfiles=inc/*.conf\n" + Sd, []),
        ["include-program-error-names-file"] = ("[include]\nfiles=inc/*.conf\n" + Sd, []),
        ["pidfile-through-missing-dir"] = (Sd + "pidfile=%(here)s/run/../sd.pid\n", []),
        ["cli-config-is-directory"] = (Sd, ["!", "-c", "."]),
        ["process-name-bad-format"] = (P + "process_name=x_%(process_num)\nnumprocs=2\n", []),
        // The parity35 sweep (supervisord -n vs supernetd -n on the same files): texts without a location.
        ["program-priority-not-int"] = (P + "priority=high\n", []),
        ["group-priority-not-int"] = (P + "[group:g]\nprograms=x\npriority=x\n", []),
        ["numprocs-start-not-int"] = (P + "numprocs_start=x\nprocess_name=%(process_num)s\n", []),
        ["serverurl-unknown-name"] = (P + "serverurl=%(nope)s\n", []),
        ["supervisord-unknown-env-name"] = (Sd + "identifier=%(ENV_NO_SUCH_P35)s\n", []),
        ["supervisord-logfile-backups-not-int"] = (Sd + "logfile_backups=abc\n", []),
        ["chmod-not-octal-text"] = (Sd + "[unix_http_server]\nfile={dir}/s.sock\nchmod=rw\n", []),
        ["program-name-with-colon"] = (Sd + "[program:a:b]\ncommand=/bin/true\n", []),
        ["rpcinterface-malformed-spec"] = (Sd + "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:\n", []),
        ["listener-malformed-result-handler"] = (Sd + "[eventlistener:e]\ncommand=/bin/true\nevents=TICK_5\nresult_handler=a b\n", []),
        ["unknown-event-among-known"] = (Sd + "[eventlistener:e]\ncommand=/bin/true\nevents=TICK_5, tick_60 ,bogus\n", []),
        ["program-in-include-unknown-name"] = (Sd + "[include]\nfiles=%(program_name)s.conf\n", []),
        ["cli-missing-config"] = (Sd, ["!", "-c", "missing.conf"]),
        ["cli-positional"] = (Sd, ["extra"]),
        ["cli-unknown-short"] = (Sd, ["-x"]),
        ["cli-unknown-long"] = (Sd, ["--bogus"]),
        ["cli-ambiguous-long"] = (Sd, ["--log=x"]),
        ["cli-flag-with-value"] = (Sd, ["--nodaemon=1"]),
        ["cli-requires-argument"] = (Sd, ["-e"]),
        ["cli-conflicting"] = (Sd, ["-n"]),
        ["cli-conflicting-config"] = (Sd, ["-c", "other.conf"]),
        ["cli-bad-loglevel"] = (Sd, ["-e", "x"]),
        ["cli-bad-umask"] = (Sd, ["-m", "089"]),
        ["cli-bad-directory"] = (Sd, ["--directory=/nonexistent/dir"]),
        ["cli-bad-minfds"] = (Sd, ["-a", "many"]),
        ["cli-bad-user"] = (Sd, ["-u", "nosuchuserxyz"]),
        ["cli-bad-loglevel-beats-file"] = (Sd + "loglevel=verbose\n", ["-e", "debug"]),
    };

    /// <summary>Extra files some cases need besides supervisord.conf.</summary>
    public static readonly Dictionary<string, Dictionary<string, string>> ExtraFiles = new()
    {
        ["include-parse-error"] = new() { ["inc/a.conf"] = "[program:a]\ncommand=/bin/true\n", ["inc/b.conf"] = "no header\n" },
        ["include-program-error-names-file"] = new() { ["inc/a.conf"] = "[program:a]\ncommand=/bin/true\nautostart=perhaps\n" },
    };

    /// <summary>Configurations supervisord accepts; the parsed results must match field by field.</summary>
    public static readonly Dictionary<string, (string Conf, string[] Args)> Good = new()
    {
        ["numprocs-start-at-64-bit-limit"] = (P + "numprocs_start=9223372036854775807\nprocess_name=%(program_name)s_%(process_num)s\n", []),
        ["numprocs-start-beyond-32-bits"] = (P + "numprocs=2\nnumprocs_start=4294967296\nprocess_name=%(program_name)s_%(process_num)s\n", []),
        ["limits-beyond-32-bits"] = (Sd + "minfds=99999999999\nminprocs=99999999999\nlogfile_maxbytes=3000000000\n", []),
        ["sizes-beyond-32-bits"] = (P + "stdout_logfile_maxbytes=5000000000000\nstderr_capture_maxbytes=4GB\n", []),
        ["minimal"] = (Sd, []),
        ["numprocs-and-expansions"] = (Sd + """
            [program:web]
            command=/bin/echo %(program_name)s %(process_num)02d of %(numprocs)d in %(group_name)s at %(here)s on %(host_node_name)s
            process_name=%(program_name)s_%(process_num)02d
            numprocs=3
            numprocs_start=9
            priority=5
            directory=/tmp/%(process_num)s
            stdout_logfile={dir}/web-%(process_num)s.log
            stderr_logfile=NONE
            stdout_logfile_backups=%(process_num)s
            environment=N="%(process_num)s",HOME_COPY="%(ENV_HOME)s"
            """, []),
        ["program-env-in-per-process-options"] = (Sd + "environment=GLOBAL=g\n" + """
            [program:x]
            command=/bin/echo %(ENV_LOCAL)s %(ENV_GLOBAL)s
            environment=LOCAL="a b",GLOBAL=over
            stdout_logfile={dir}/%(ENV_LOCAL)s.log
            directory=%(ENV_LOCAL)s
            """, []),
        ["groups-and-sorting"] = (Sd + """
            [program:b]
            command=/bin/true
            priority=20
            [program:a]
            command=/bin/true
            priority=20
            [program:c]
            command=/bin/true %(group_name)s
            priority=1
            [program:d]
            command=/bin/true %(group_name)s
            [group:g]
            programs=d, c
            priority=10
            [eventlistener:pool]
            command=/bin/cat
            events=tick_5, PROCESS_STATE,TICK_5
            numprocs=2
            process_name=%(program_name)s_%(process_num)s
            buffer_size=3
            """, []),
        ["fcgi"] = (Sd + """
            [fcgi-program:f]
            command=/bin/true
            socket=unix:///tmp/%(program_name)s.sock
            socket_owner=root:root
            socket_mode=0660
            socket_backlog=7
            [fcgi-program:t]
            command=/bin/true
            socket=tcp://LocalHost:9999
            [fcgi-program:ingroup]
            command=/bin/true
            socket=tcp://localhost:1
            [group:gg]
            programs=ingroup
            """, []),
        ["servers"] = (Sd + """
            [unix_http_server]
            file=%(here)s/../%(ENV_HOME)s/s.sock   ; comment
            chmod=766
            chown=root:root
            username=user
            password={SHA}0123456789abcdef0123456789abcdef01234567
            [unix_http_server:second]
            file = rel.sock
            [inet_http_server]
            port=*:9001
            [inet_http_server:b]
            port=:9002
            [inet_http_server:c]
            port=9003
            [inet_http_server:d]
            port=LocalHost:9004
            username=u
            password=p%%
            """, []),
        ["warnings"] = (Sd + """
            [program:a]
            command=/bin/true
            redirect_stderr=true
            stderr_logfile={dir}/err.log
            stdout_logfile_maxbytes=0
            [program:b]
            command=/bin/true
            stdout_logfile=syslog
            stderr_logfile=Auto
            stderr_logfile_maxbytes=0
            serverurl=AUTO
            [program:c]
            command=/bin/true
            stdout_logfile=off
            serverurl=http://127.0.0.1:9001
            """, []),
        ["values"] = (Sd + """
            [program:x]
            COMMAND = /bin/sh -c "echo 'a ; b'"
            autostart=No
            autorestart=TRUE
            startsecs=0
            startretries= 1_0
            stopsignal= sigkill
            stopwaitsecs=+3
            stopasgroup=on
            exitcodes= 0 , 2
            user=root
            umask=002
            stdout_logfile_maxbytes=1kb
            stderr_capture_maxbytes=2MB
            stderr_events_enabled=1
            stdout_syslog=yes
            [program:y]
            command: /bin/true
              --flag
            
              --other ;comment
            stopsignal=usr1
            autorestart=unexpected
            exitcodes=
            environment=
              A=1,
              B="x y"
            """, []),
        ["include"] = ("[include]\nfiles = inc/*.conf nomatch/*.conf %(here)s/inc2/one.conf\n" + Sd + "logfile=%(here)s/main.log\n", []),
        ["default-section"] = ("[DEFAULT]\nstartsecs=7\npriority=3\n" + Sd + "[program:x]\ncommand=/bin/true\n[program:y]\ncommand=/bin/true\nstartsecs=2\n", []),
        ["duplicate-sections-merge"] = (Sd + "[program:x]\ncommand=/bin/false\npriority=1\n[program:x]\ncommand=/bin/true\n", []),
        ["ignored-sections"] = (Sd + "[Program:x]\ncommand=/bin/true\n[unknown]\nfoo=bar\n[program:y]\ncommand=/bin/true\nunknown_key=1\n", []),
        ["supervisord-options"] = ("""
            [supervisord]
            logfile=NONE
            logfile_maxbytes=0
            logfile_backups=0
            loglevel=BLATHER
            pidfile=%(here)s/./sd.pid
            umask=0
            nodaemon=true
            silent=true
            minfds=10
            minprocs=20
            nocleanup=1
            childlogdir=/tmp
            user=0
            directory=/
            strip_ansi=true
            identifier=%(ENV_HOME)s-id
            environment=A="%(here)s",B=%%(host_node_name)s,C='x,y'
            """, []),
        ["cli-overrides"] = (Sd + "loglevel=debug\nlogfile=file.log\nidentifier=fromfile\n", [
            "-s", "-e", "warn", "-l", "cli.log", "-y", "1MB", "-z", "3", "-j", "cli.pid", "-q", "/tmp",
            "-k", "-a", "11", "--minprocs=12", "-t", "-m", "077", "-d", "/", "-u", "root", "--profile_options=calls",
            "--iden", "prefix"]),
        ["cli-combined-flags"] = (Sd, ["-kts"]),
        ["numprocs-zero-and-name-order"] = (Sd + """
            [program:none]
            command=/bin/true
            numprocs=0
            [program:x]
            command=/bin/true
            process_name=x_%(process_num)d
            numprocs=12
            [program:empty]
            command=
            """, []),
        ["include-here-from-default"] = ("[DEFAULT]\nstdout_logfile=%(here)s/out.log\n[include]\nfiles=sub/*.conf\n" + Sd + "[program:main]\ncommand=/bin/true\n", []),
        ["paths"] = (Sd + """
            logfile=syslog
            [program:x]
            command=/bin/true
            stdout_logfile=~/x.log
            stderr_logfile=~root/y.log
            user=0
            umask=0o22
            stopsignal=0
            startsecs=-1
            [unix_http_server_extra]
            file=~/s.sock
            [inet_http_server]
            port=127.0.0.1:9
            """, []),
        ["environment-edge-cases"] = (Sd + """"
            environment=PATH="/opt/bin:%(ENV_PATH)s",EMPTY=""
            [program:x]
            command=/bin/true
            environment="QUOTED"=1,B=a;C=b
            """", []),
        ["odd-names"] = (Sd + "[program:]\ncommand=/bin/true\n[program: spaced ]\ncommand=/bin/true\n[group:g]\nprograms=\n", []),
        // pkg_resources' entry point syntax: blanks around ':', extras, an '=' before the module.
        ["rpcinterface-entry-point-syntax"] = (Sd + "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface : make_main_rpcinterface [a, b]\n" +
            "[eventlistener:e]\ncommand=/bin/true\nevents=TICK_5\nresult_handler==supervisor.dispatchers :default_handler []\n", []),
        ["rpcinterface-extras"] = ("[DEFAULT]\nleak=1\n" + Sd + "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\nextra=%(ENV_HOME)s\n", []),
    };

    public static readonly Dictionary<string, Dictionary<string, string>> GoodExtraFiles = new()
    {
        ["include"] = new()
        {
            ["inc/b.conf"] = "[program:b]\ncommand=/bin/echo %(here)s\n[include]\nfiles=never/*.conf\n",
            ["inc/a.conf"] = "[program:a]\ncommand=/bin/echo %(here)s\n[supervisord]\nloglevel=debug\n",
            ["inc/.hidden.conf"] = "[program:hidden]\ncommand=/bin/true\n",
            ["inc2/one.conf"] = "[program:one]\ncommand=/bin/true\n",
            ["inc/dir.conf/ignored.conf"] = "[program:ignored]\ncommand=/bin/true\n",
        },
        ["include-here-from-default"] = new()
        {
            ["sub/a.conf"] = "[program:sub]\ncommand=/bin/true\n",
        },
    };
}
