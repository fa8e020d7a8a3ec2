namespace SuperNet.Ctl.Commands;

/// <summary>
/// Python's str.split() and str.strip() without arguments, which supervisorctl applies to every command line. Python's
/// whitespace is .NET's plus U+001C-U+001F (the information separators), so a line .NET reads as one word can be two.
/// </summary>
internal static class Words
{
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\u001c' and <= '\u001f';

    /// <summary>Runs of whitespace separate, no empty words.</summary>
    public static string[] Split(string argument)
    {
        var words = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < argument.Length && IsSpace(argument[i]))
            {
                i++;
            }

            if (i == argument.Length)
            {
                return [.. words];
            }

            var start = i;
            while (i < argument.Length && !IsSpace(argument[i]))
            {
                i++;
            }

            words.Add(argument[start..i]);
        }
    }

    public static string Strip(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }
}
