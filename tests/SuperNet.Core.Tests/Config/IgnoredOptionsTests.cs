using SuperNet.Core.Config;

namespace SuperNet.Core.Tests.Config;

/// <summary>
/// Typos supervisord ignores without a word (a misspelt section leaves a program out, a misspelt key leaves it at
/// its default) are listed, with the file and a likely intended name; everything either daemon reads is not.
/// </summary>
public sealed class IgnoredOptionsTests
{
    [Fact]
    public void MisspeltSectionsAndKeysAreListedWithTheirFileAndAGuess()
    {
        using var dir = new TempDir();
        var include = dir.Write("conf.d/worker.conf", "[program:worker]\ncommand=/bin/true\nstdout_logfile_maxbyte=1MB\n");
        var main = dir.Write("supervisord.conf", """
            [DEFAULT]
            autostrat=false
            [supervisord]
            logfile=/tmp/x.log
            nodaemon=true
            [programm:web]
            command=/bin/sleep 100
            [program:api]
            command=/bin/sleep 100
            autorestar=true
            cron=* * * * *
            [grup:g]
            programs=api
            [include]
            files=conf.d/*.conf
            """);

        var ignored = ConfigLoader.Load(main, null, TestContext.Create(dir.Path)).Ignored;

        Assert.Equal(
        [
            $"key 'autostrat' in section [DEFAULT] (file: '{main}') is not one supervisord reads: ignored (did you mean 'autostart'?)",
            $"section [programm:web] (file: '{main}') is not one supervisord reads: ignored (did you mean [program:web]?)",
            $"key 'autorestar' in section [program:api] (file: '{main}') is not one supervisord reads: ignored (did you mean 'autorestart'?)",
            $"key 'cron' in section [program:api] (file: '{main}') is not one supervisord reads: ignored",
            $"section [grup:g] (file: '{main}') is not one supervisord reads: ignored (did you mean [group:g]?)",
            $"key 'stdout_logfile_maxbyte' in section [program:worker] (file: '{include}') is not one supervisord reads: ignored (did you mean 'stdout_logfile_maxbytes'?)",
        ], ignored);
    }

    [Fact]
    public void EveryKeyEitherDaemonReadsAndFreeFormSectionsAreNotListed()
    {
        using var dir = new TempDir();
        var main = dir.Write("supervisord.conf", """
            [DEFAULT]
            autorestart=true
            [supervisord]
            logfile=/tmp/x.log
            environment_file=/dev/null
            critical=false
            exit_when_done=false
            [unix_http_server]
            file=/tmp/x.sock
            chmod=0700
            chown=root:root
            [inet_http_server]
            port=127.0.0.1:9001
            [supervisorctl]
            serverurl=unix:///tmp/x.sock
            prompt=app
            history_file=/tmp/h
            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
            [ctlplugin:x]
            supervisor.ctl_factory = x:make
            anything=1
            [program:web]
            command=/srv/app/web
            stdout_syslog=true
            stderr_events_enabled=true
            depends_on=db
            ready=tcp:127.0.0.1:80
            healthcheck=tcp:127.0.0.1:80
            backoff=exponential
            log_format=json
            [program:db]
            command=/bin/true
            [eventlistener:l]
            command=/bin/true
            events=TICK_5
            buffer_size=5
            [fcgi-program:f]
            command=/bin/true
            socket=unix:///tmp/f.sock
            socket_mode=0700
            [group:g]
            programs=db
            """);

        Assert.Empty(ConfigLoader.Load(main, null, TestContext.Create(dir.Path)).Ignored);
    }

    [Fact]
    public void RepeatedSectionsAndKeysAreListedWithFileAndLine()
    {
        using var dir = new TempDir();
        var include = dir.Write("conf.d/web.conf", "[program:web]\ncommand=/bin/sleep 300\n");
        var main = dir.Write("supervisord.conf", """
            [supervisord]
            logfile=/tmp/x.log
            [program:web]
            command=/bin/sleep 100
            Command=/bin/sleep 200
            [program:api]
            command=/bin/true
            [program:api]
            autostart=false
            [include]
            files=conf.d/*.conf
            """);

        var config = ConfigLoader.Load(main, null, TestContext.Create(dir.Path));

        Assert.Equal(
        [
            $"key 'command' in section [program:web] is set again (file: '{main}', line 5): the later value wins",
            $"section [program:api] appears again (file: '{main}', line 8): its keys are merged into the earlier one's, later values winning",
            $"section [program:web] appears again (file: '{include}', line 1): its keys are merged into the earlier one's, later values winning",
            $"key 'command' in section [program:web] is set again (file: '{include}', line 2): the later value wins",
        ], config.Ignored);
        Assert.Equal("/bin/sleep 300", config.Groups.Single(g => g.Name == "web").Processes.Single().Command);
    }

    [Theory]
    [MemberData(nameof(UpstreamFixtureTests.Files), MemberType = typeof(UpstreamFixtureTests))]
    public void SupervisorsOwnSampleAndFixturesHaveNone(string file)
    {
        var config = ConfigLoader.Load(file, context: TestContext.Create("/tmp", ("HOME", "/root"), ("PATH", "/usr/bin:/bin")));
        // Some fixtures repeat sections on purpose (through includes); none names a section or key nobody reads.
        Assert.DoesNotContain(config.Ignored, line => line.Contains("is not one supervisord reads", StringComparison.Ordinal));
    }
}
