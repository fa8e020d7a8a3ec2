namespace SuperNet.Integration.Tests.Events;

/// <summary>A line diff (longest common subsequence) so one missing event reads as one line, not a shifted tail.</summary>
public static class SequenceDiff
{
    public static string Render(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string expectedName, string actualName)
    {
        var lcs = new int[expected.Count + 1, actual.Count + 1];
        for (var i = expected.Count - 1; i >= 0; i--)
        {
            for (var j = actual.Count - 1; j >= 0; j--)
            {
                lcs[i, j] = expected[i] == actual[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var lines = new List<string> { $"--- {expectedName}", $"+++ {actualName}" };
        int a = 0, b = 0;
        while (a < expected.Count || b < actual.Count)
        {
            if (a < expected.Count && b < actual.Count && expected[a] == actual[b])
            {
                lines.Add("  " + expected[a++]);
                b++;
            }
            else if (b < actual.Count && (a == expected.Count || lcs[a, b + 1] >= lcs[a + 1, b]))
            {
                lines.Add("+ " + actual[b++]);
            }
            else
            {
                lines.Add("- " + expected[a++]);
            }
        }
        return string.Join('\n', lines);
    }
}
