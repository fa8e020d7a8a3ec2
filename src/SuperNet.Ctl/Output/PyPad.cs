using System.Text;

namespace SuperNet.Ctl.Output;

/// <summary>
/// Python's len() and "%-Ns": both count code points, so a character beyond the BMP (a UTF-16 surrogate pair) takes
/// one column of supervisorctl's table widths, not two.
/// </summary>
internal static class PyPad
{
    public static int Length(string text)
    {
        var length = text.Length;
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text[i - 1], text[i]))
            {
                length--;
                i++;
            }
        }

        return length;
    }

    public static string Right(string text, int width)
    {
        var length = Length(text);
        return length >= width ? text : new StringBuilder(text.Length + width - length).Append(text).Append(' ', width - length).ToString();
    }
}
