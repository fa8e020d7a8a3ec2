using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using SuperNet.Core.Config;

namespace SuperNet.Properties.Tests;

/// <summary>
/// Generated INI texts (headers good and broken, both delimiters, continuations, inline and full-line
/// comments, DEFAULT, every line ending) read by our IniFile and by supervisor's own parser on the same
/// file: the same sections, keys and values, or the same error text. One Python process checks them all.
/// </summary>
public sealed class IniReaderProperties
{
    private const int Cases = 1500;

    private static readonly string[] Names = ["supervisord", "program:x", "DEFAULT", "a b", "x]y", " s ", "Program:X", "[", "]"];
    private static readonly string[] Keys = ["a", "B", "key name", " k", "k;x", "k#", "command", "a", ""];
    private static readonly string[] Separators = ["=", ":", " = ", " : ", "==", "=:", ":="];
    private static readonly string[] Values = ["1", "v ; c", "v;c", "v #c", "%(here)s", "", "x=y", "[z]", " spaced ", "é ünïcode", "a\tb"];
    private static readonly string[] Blanks = ["", "   ", "\t", "; c", "# c", "  ;c", "rem c"];
    private static readonly string[] Endings = ["\n", "\n", "\n", "\r\n", "\r"];

    private static Gen<string> Line() => Gen.OneOf(
        Gen.Elements(Names).Select(n => "[" + n + "]"),
        Gen.Elements(Names).Zip(Gen.Elements("", " ; c", "junk", "]"), (n, tail) => "[" + n + "]" + tail),
        Gen.Elements(Names).Select(n => "[" + n),
        Gen.Elements(Keys).Zip(Gen.Elements(Separators), (k, sep) => k + sep).Zip(Gen.Elements(Values), (ks, v) => ks + v),
        Gen.Elements(" ", "\t", "    ").Zip(Gen.Elements(Values), (indent, v) => indent + v),
        Gen.Elements(Blanks),
        Gen.Elements("novalue", "=x", ":", "  =  ", "[]", "[x] = y"));

    private static Gen<string> Text() =>
        Gen.ListOf(Line().Zip(Gen.Elements(Endings), (line, end) => line + end))
            .Zip(Gen.Elements(true, false), (lines, header) => (header ? "[supervisord]\n" : "") + string.Concat(lines));

    [Fact]
    public void ReadsGeneratedFilesLikeSupervisorsParser()
    {
        var texts = Text().Sample(Cases, 20).Distinct().ToList();
        Assert.True(texts.Count > Cases / 2, $"only {texts.Count} distinct inputs");
        var dir = Directory.CreateTempSubdirectory("sn-ini-prop-");
        try
        {
            var paths = texts.Select((t, i) => Write(Path.Combine(dir.FullName, $"case{i}.conf"), t)).ToList();
            var expected = RunOracle(paths);
            for (var i = 0; i < texts.Count; i++)
            {
                var ours = JsonNode.Parse(Ours(paths[i], texts[i]));
                Assert.True(JsonNode.DeepEquals(expected[i], ours),
                    $"input {JsonSerializer.Serialize(texts[i])}\nsupervisor: {expected[i]!.ToJsonString()}\nours:       {ours!.ToJsonString()}");
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Write(string path, string text)
    {
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private static string Ours(string path, string text)
    {
        try
        {
            var ini = IniFile.Parse(text, path);
            var result = new Dictionary<string, object>
            {
                ["defaults"] = Pairs(IniFile.DefaultSection, ini, defaultsOnly: true),
                ["sections"] = ini.Sections.Select(s => new object[] { s, Pairs(s, ini, defaultsOnly: false) }).ToList(),
            };
            return JsonSerializer.Serialize(result);
        }
        catch (ConfigException e)
        {
            return JsonSerializer.Serialize(new Dictionary<string, object> { ["error"] = e.Message });
        }
    }

    private static List<string[]> Pairs(string section, IniFile ini, bool defaultsOnly) =>
        (defaultsOnly ? ini.DefaultKeys : ini.Options(section)).Select(k => new[] { k, ini.Get(section, k)! }).ToList();

    private static List<JsonNode?> RunOracle(List<string> paths)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ini_oracle.py"));
        using var python = Process.Start(psi)!;
        var stderr = python.StandardError.ReadToEndAsync();
        var feed = Task.Run(() =>
        {
            foreach (var p in paths)
                python.StandardInput.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string> { ["path"] = p }));
            python.StandardInput.Close();
        });
        var results = new List<JsonNode?>();
        while (python.StandardOutput.ReadLine() is { } line)
            results.Add(JsonNode.Parse(line));
        feed.Wait();
        python.WaitForExit();
        Assert.True(results.Count == paths.Count, "ini_oracle.py failed: " + stderr.Result);
        return results;
    }
}
