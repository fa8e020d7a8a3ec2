using SuperNet.Ctl.Cli;
using SuperNet.Ctl.Commands;

namespace SuperNet.Ctl.Tests;

/// <summary>The -h text is where a user learns which commands take --json: it must name every one that does.</summary>
public class UsageTests
{
    [Fact]
    public void HelpNamesEveryCommandThatTakesJson()
    {
        string help = Usage.Text("supernetctl");
        int from = help.IndexOf("--json --", StringComparison.Ordinal);
        int to = help.IndexOf("action [arguments]", from, StringComparison.Ordinal);
        string paragraph = help[from..to];
        var words = CommandTable.Vocabulary.Append("health")
            .Where(c => CommandTable.SupportsJson(c) && c is not ("quit" or "exit"));
        Assert.All(words, c => Assert.Matches($@"\b{c}\b", paragraph));
    }
}
