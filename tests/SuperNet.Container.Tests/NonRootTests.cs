using SuperNet.Container.Tests.Harness;

namespace SuperNet.Container.Tests;

/// <summary>`podman run --user 1000`: what the daemon cannot do as that user is a clear start-up error, never a crash.</summary>
[Collection(PodmanCollection.Name)]
public class NonRootTests(Images images)
{
    [Fact]
    public void AUserNameWithAnUnreadableEtcPasswdIsAConfigurationErrorAsUnderSupervisord()
    {
        // The image has no /etc/passwd; for --user podman writes one with mode 0600, owned by root, so the daemon
        // cannot read it. The C library then finds no such user, and supervisord says so.
        using var confD = Programs.ConfD(Programs.ToContainerOutput("asroot", "sleep 1000", "user=root"));
        // The scratch directory is private to the test's user; uid 1000 must be able to read the include.
        File.SetUnixFileMode(confD.Path, (UnixFileMode)0b111_101_101);
        var run = Podman.Run(["run", "--rm", .. Podman.Limits, "--user", "1000", "-v", $"{confD.Path}:/etc/supervisor/conf.d:ro", images.WithPrograms]);

        Assert.Equal(
            "Error: Invalid user name root in section 'program:asroot' (file: '/etc/supervisor/conf.d/programs.conf')\n" +
            "For help, use /usr/bin/supernetd -h\n",
            run.Stderr);
        Assert.Equal(2, run.ExitCode);
    }
}
