using SuperNet.Core.Config;

namespace SuperNet.Core.Tests.Config;

public class ConfigValuesTests
{
    [Theory]
    [InlineData("TRUE", true)]
    [InlineData("yes", true)]
    [InlineData("On", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("NO", false)]
    [InlineData("off", false)]
    [InlineData("0", false)]
    public void Booleans(string value, bool expected) => Assert.Equal(expected, ConfigValues.Boolean(value));

    [Theory]
    [InlineData(" 12 ", 12)]
    [InlineData("1_000", 1000)]
    [InlineData("+5", 5)]
    [InlineData("-3", -3)]
    [InlineData("007", 7)]
    [InlineData("٣", 3)]
    public void Integers(string value, long expected) => Assert.Equal(expected, ConfigValues.Integer(value));

    [Theory]
    [InlineData("10", 10L)]
    [InlineData("1KB", 1024L)]
    [InlineData("50mb", 50L * 1024 * 1024)]
    [InlineData("2Gb", 2L * 1024 * 1024 * 1024)]
    [InlineData("0", 0L)]
    public void ByteSizes(string value, long expected) => Assert.Equal(expected, ConfigValues.ByteSize(value));

    /// <summary>Python's int has no size limit; what no 64-bit count or size can hold is held at the bound.</summary>
    [Theory]
    [InlineData("99999999999999999999999999", long.MaxValue)]
    [InlineData("-99999999999999999999999999", long.MinValue)]
    [InlineData("99999999999999999999999999MB", long.MaxValue)]
    [InlineData("9007199254740993KB", long.MaxValue)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void SizesBeyond64BitsSaturate(string value, long expected) => Assert.Equal(expected, ConfigValues.ByteSize(value));

    [Theory]
    [InlineData("3000000000", int.MaxValue)]
    [InlineData("-99999999999999999999", int.MinValue)]
    public void Int32ValuesSaturate(string value, int expected) => Assert.Equal(expected, ConfigValues.Int32(value));

    [Fact]
    public void MoreDigitsThanPythonConvertsAreRefusedWithItsText()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigValues.Integer(new string('1', 4301)));
        Assert.Equal("Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; " +
            "use sys.set_int_max_str_digits() to increase the limit", e.Message);
    }

    // Python's message shows at most 200 code points of the repr (its %.200R), without the closing quote.
    [Theory]
    [InlineData("x", 199)]
    [InlineData("\U0001F600", 199)]
    public void InvalidLiteralsAreShownAsPythonCutsThem(string unit, int shown)
    {
        var value = string.Concat(Enumerable.Repeat(unit, 300));
        var e = Assert.Throws<ConfigException>(() => ConfigValues.Integer(value));
        Assert.Equal("invalid literal for int() with base 10: '" + string.Concat(Enumerable.Repeat(unit, shown)), e.Message);
    }

    [Theory]
    [InlineData("022", 18)]
    [InlineData("0700", 448)]
    [InlineData("700", 448)]
    [InlineData("0o22", 18)]
    // Python's int(v, 8) reads any Unicode decimal digit below 8, in the "0o" prefix too.
    [InlineData("\u0660", 0)]
    [InlineData("\u0667\u0667", 63)]
    [InlineData("\u0660o7", 7)]
    [InlineData("0o\u0667", 7)]
    public void Octals(string value, int expected) => Assert.Equal(expected, ConfigValues.Octal(value));

    [Theory]
    [InlineData("TERM", 15)]
    [InlineData("sigkill", 9)]
    [InlineData(" hup ", 1)]
    [InlineData("9", 9)]
    [InlineData("0", 0)]
    [InlineData("34", 34)]
    [InlineData("64", 64)]
    [InlineData("IOT", 6)]
    [InlineData("rtmax", 64)]
    [InlineData("_DFL", 0)]
    public void Signals(string value, int expected) => Assert.Equal(expected, SignalNames.Parse(value));

    [Theory]
    [InlineData("0,2", new[] { 0, 2 })]
    [InlineData(" 1 , 255 ", new[] { 1, 255 })]
    [InlineData("", new int[0])]
    public void ExitCodes(string value, int[] expected) => Assert.Equal(expected, ConfigValues.ExitCodes(value));

    [Theory]
    [InlineData("maybe", "not a valid boolean value: 'maybe'")]
    public void BooleanError(string value, string message) =>
        Assert.Equal(message, Assert.Throws<ConfigException>(() => ConfigValues.Boolean(value)).Message);

    // Error texts as supervisord prints them (contract §4.4).
    public static TheoryData<Func<object>, string> Errors => new()
    {
        { () => ConfigValues.Integer("1.5"), "invalid literal for int() with base 10: '1.5'" },
        { () => ConfigValues.Integer("1__0"), "invalid literal for int() with base 10: '1__0'" },
        { () => ConfigValues.Integer(""), "invalid literal for int() with base 10: ''" },
        { () => ConfigValues.ByteSize("10XB"), "invalid literal for int() with base 10: '10xb'" },
        { () => ConfigValues.ByteSize("1.5MB"), "invalid literal for int() with base 10: '1.5'" },
        { () => ConfigValues.ByteSize("10K"), "invalid literal for int() with base 10: '10k'" },
        { () => ConfigValues.Octal("089"), "089 can not be converted to an octal type" },
        { () => ConfigValues.Octal("\u0668"), "\u0668 can not be converted to an octal type" },
        { () => SignalNames.Parse("FOO"), "value 'FOO' is not a valid signal name" },
        { () => SignalNames.Parse("65"), "value '65' is not a valid signal number" },
        { () => SignalNames.Parse("40"), "value '40' is not a valid signal number" },
        { () => SignalNames.Parse("-1"), "value '-1' is not a valid signal number" },
        { () => ConfigValues.ExitCodes("0,256"), "not a valid list of exit codes: '0,256'" },
        { () => ConfigValues.ExitCodes("a"), "not a valid list of exit codes: 'a'" },
        { () => ConfigValues.AutoRestartValue("Sometimes"), "invalid 'autorestart' value 'sometimes'" },
        { () => ConfigValues.LogLevelValue("warning"), "bad logging level name 'warning'" },
        { () => ConfigValues.Name("x y"), "Invalid name: 'x y' because of character: ' '" },
        { () => ConfigValues.Name("a/b:c"), "Invalid name: 'a/b:c' because of character: ':'" },
        { () => ConfigValues.ExistingDirectory("/nonexistent-dir", TestContext.Create("/")), "/nonexistent-dir is not an existing directory" },
        { () => ConfigValues.ExistingDirPath("/nonexist/dir/x.log", TestContext.Create("/")), "The directory named as part of the path /nonexist/dir/x.log does not exist" },
        { () => UserResolver.User("nosuchuserxyz", FakeUsers.Default), "Invalid user name nosuchuserxyz" },
        { () => UserResolver.User("4242", FakeUsers.Default), "Invalid user id 4242" },
        { () => UserResolver.GroupId("nogroup", FakeUsers.Default), "Invalid group name nogroup" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void ErrorTexts(Func<object> parse, string message) =>
        Assert.Equal(message, Assert.Throws<ConfigException>(() => parse()).Message);

    [Theory]
    [InlineData("AUTO", AutoRestart.Unexpected)]
    public void AutoRestartUnexpectedWord(string _, AutoRestart expected) =>
        Assert.Equal(expected, ConfigValues.AutoRestartValue("UNEXPECTED"));

    [Fact]
    public void UsersResolveByNameOrIdWithPrimaryGroup()
    {
        Assert.Equal(new UserSpec("alice", 1000, 100), UserResolver.User("alice", FakeUsers.Default));
        Assert.Equal(new UserSpec("bob", 1001, 1001), UserResolver.User("1001", FakeUsers.Default));
        Assert.Equal((new UserSpec("bob", 1001, 1001), 100), UserResolver.TryUserGroup("bob:users", FakeUsers.Default));
        Assert.Null(UserResolver.TryUserGroup("bob:nogroup", FakeUsers.Default));
    }

    [Fact]
    public void EtcUserDatabaseParsesPasswdAndGroupFiles()
    {
        using var dir = new TempDir();
        var db = new EtcUserDatabase(
            dir.Write("passwd", "root:x:0:0:root:/root:/bin/sh\n# comment\nweb:x:33:33:www:/var/www:/usr/sbin/nologin\nbroken\n"),
            dir.Write("group", "root:x:0:\nwww:x:33:web,other\n"));
        Assert.Equal(new PasswdEntry("web", 33, 33, "/var/www"), db.FindUser("web"));
        Assert.Equal("root", db.FindUser(0)!.Name);
        Assert.Equal(33, db.FindGroup("www")!.Gid);
        Assert.Null(db.FindGroup(99));
    }
}
