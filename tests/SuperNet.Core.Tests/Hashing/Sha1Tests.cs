using System.Security.Cryptography;
using System.Text;
using SuperNet.Core.Hashing;

namespace SuperNet.Core.Tests.Hashing;

public class Sha1Tests
{
    [Theory]
    [InlineData("", "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData("abc", "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1")]
    [InlineData("thepassword", "82ab876d1387bfafe46cc1c8a2ef074eae50cb1d")]
    public void MatchesTheStandardVectors(string message, string hex) =>
        Assert.Equal(hex, Convert.ToHexStringLower(Sha1.Hash(Encoding.UTF8.GetBytes(message))));

    [Fact]
    public void MatchesTheRuntimesSha1AtEveryPaddingBoundary()
    {
        // Lengths around 55/56/64 bytes decide between one and two final blocks.
        var bytes = new byte[300];
        new Random(15).NextBytes(bytes);
        for (int length = 0; length <= bytes.Length; length++)
            Assert.Equal(SHA1.HashData(bytes.AsSpan(0, length)), Sha1.Hash(bytes.AsSpan(0, length)));
    }

    [Fact]
    public void HashesAMillionAs() =>
        Assert.Equal("34aa973cd4c4daa4f61eeb2bdbad27316534016f",
            Convert.ToHexStringLower(Sha1.Hash(Encoding.ASCII.GetBytes(new string('a', 1_000_000)))));
}
