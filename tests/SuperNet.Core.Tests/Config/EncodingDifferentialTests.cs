using System.Text;
using SuperNet.Core.Config;

namespace SuperNet.Core.Tests.Config;

/// <summary>
/// Config files that are not valid UTF-8 (or carry a byte-order mark) are refused with the same text as the
/// /usr/bin/supervisord binary: Python decodes them strictly, 8 KiB at a time.
/// </summary>
public class EncodingDifferentialTests
{
    private static readonly byte[] Head = "[supervisord]\n[program:x]\ncommand=/bin/true "u8.ToArray();

    public static TheoryData<string> Cases() => new(Files.Keys);

    private static readonly Dictionary<string, byte[]> Files = new()
    {
        ["invalid-start-byte"] = [.. Head, 0xff, 0xfe, (byte)'\n'],
        ["invalid-continuation"] = [.. Head, 0xe2, 0x82, (byte)'A', (byte)'\n'],
        ["overlong-second-byte"] = [.. Head, 0xe0, 0x80, 0x80, (byte)'\n'],
        ["surrogate"] = [.. Head, 0xed, 0xa0, 0x80, (byte)'\n'],
        ["truncated-at-end"] = [.. Head, 0xf0, 0x9f, 0x98],
        ["after-the-first-chunk"] = [.. Head, .. Encoding.UTF8.GetBytes(new string('a', 9000)), 0x80, (byte)'\n'],
        ["character-across-chunks"] = [.. Head, .. Encoding.UTF8.GetBytes(new string('a', 8192 - Head.Length - 1)), 0xe2, 0x82, 0xac, 0xff],
        ["byte-order-mark"] = [0xef, 0xbb, 0xbf, .. Head, (byte)'\n'],
        ["latin-1-in-include"] = "[supervisord]\n[include]\nfiles=inc.conf\n"u8.ToArray(),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void RefusedWithSupervisordsText(string name)
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("supervisord.conf"), Files[name]);
        File.WriteAllBytes(dir.File("inc.conf"), [.. "[program:y]\ncommand=/bin/caf"u8, 0xe9, (byte)'\n']);

        var real = Oracle.Run(Oracle.Supervisord, ["-n", "-c", "supervisord.conf"], dir.Path, TimeSpan.FromSeconds(60));
        Assert.False(real.TimedOut, $"supervisord accepted {name}");
        Assert.Equal(2, real.ExitCode);

        var system = ConfigContext.FromSystem();
        var ctx = new ConfigContext
        {
            Environment = system.Environment,
            CurrentDirectory = dir.Path,
            HostName = system.HostName,
            CurrentUid = system.CurrentUid,
            Users = system.Users,
        };
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load("supervisord.conf", new SupervisordOverrides(), ctx));
        Assert.Equal(Oracle.FirstError(real.Stderr), "Error: " + e.Message.Split('\n')[0]);
    }
}
