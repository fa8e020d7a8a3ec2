using System.Text;

namespace SuperNet.Ctl.Shell;

/// <summary>
/// A small readline for a terminal: editing keys, history, and Tab completion (one match is inserted;
/// several insert their common prefix and a second Tab lists them). Ctrl-D on an empty line is end of
/// input; Ctrl-C raises <see cref="InterruptedException"/>, as KeyboardInterrupt does upstream.
/// </summary>
internal sealed class LineEditor(TextWriter output, History history, Func<string, string, IReadOnlyList<string>>? complete)
{
    public string? ReadLine(string prompt, bool echo = true)
    {
        output.Write(prompt);
        output.Flush();
        var buffer = new StringBuilder();
        var cursor = 0;
        var historyIndex = history.Entries.Count;
        var lastWasTab = false;
        var previous = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        try
        {
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                var tab = key.Key == ConsoleKey.Tab && echo && complete is not null;
                var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
                if (key.Key == ConsoleKey.Enter || key.KeyChar is '\r' or '\n')
                {
                    output.Write("\n");
                    output.Flush();
                    return buffer.ToString();
                }

                if (control && key.Key == ConsoleKey.C || key.KeyChar == '\x03')
                {
                    throw new InterruptedException();
                }

                if (control && key.Key == ConsoleKey.D || key.KeyChar == '\x04')
                {
                    if (buffer.Length == 0)
                    {
                        return null;
                    }

                    if (cursor < buffer.Length)
                    {
                        buffer.Remove(cursor, 1);
                    }
                }
                else if (tab)
                {
                    cursor = Complete(prompt, buffer, cursor, lastWasTab);
                }
                else if (key.Key == ConsoleKey.Backspace || key.KeyChar is '\b' or '\x7f')
                {
                    if (cursor > 0)
                    {
                        buffer.Remove(--cursor, 1);
                    }
                }
                else if (key.Key == ConsoleKey.Delete)
                {
                    if (cursor < buffer.Length)
                    {
                        buffer.Remove(cursor, 1);
                    }
                }
                else if (key.Key == ConsoleKey.LeftArrow || key.KeyChar == '\x02')
                {
                    cursor = Math.Max(0, cursor - 1);
                }
                else if (key.Key == ConsoleKey.RightArrow || key.KeyChar == '\x06')
                {
                    cursor = Math.Min(buffer.Length, cursor + 1);
                }
                else if (key.Key == ConsoleKey.Home || key.KeyChar == '\x01')
                {
                    cursor = 0;
                }
                else if (key.Key == ConsoleKey.End || key.KeyChar == '\x05')
                {
                    cursor = buffer.Length;
                }
                else if (key.KeyChar == '\x15')
                {
                    buffer.Remove(0, cursor);
                    cursor = 0;
                }
                else if (key.KeyChar == '\x0b')
                {
                    buffer.Length = cursor;
                }
                else if ((key.Key == ConsoleKey.UpArrow || key.KeyChar == '\x10') && historyIndex > 0)
                {
                    historyIndex--;
                    buffer.Clear().Append(history.Entries[historyIndex]);
                    cursor = buffer.Length;
                }
                else if (key.Key == ConsoleKey.DownArrow || key.KeyChar == '\x0e')
                {
                    if (historyIndex < history.Entries.Count)
                    {
                        historyIndex++;
                    }

                    buffer.Clear();
                    if (historyIndex < history.Entries.Count)
                    {
                        buffer.Append(history.Entries[historyIndex]);
                    }

                    cursor = buffer.Length;
                }
                else if (key.KeyChar >= ' ' && key.KeyChar != '\x7f')
                {
                    buffer.Insert(cursor++, key.KeyChar);
                }

                lastWasTab = tab;
                if (echo)
                {
                    Redraw(prompt, buffer, cursor);
                }
            }
        }
        finally
        {
            Console.TreatControlCAsInput = previous;
        }
    }

    private int Complete(string prompt, StringBuilder buffer, int cursor, bool listMatches)
    {
        var line = buffer.ToString();
        var start = cursor;
        while (start > 0 && !Completer.Delimiters.Contains(line[start - 1]))
        {
            start--;
        }

        var text = line[start..cursor];
        var matches = complete!(text, line).Distinct().ToArray();
        if (matches.Length == 0)
        {
            return cursor;
        }

        var common = matches.Length == 1 ? matches[0] : CommonPrefix(matches);
        if (common.Length > text.Length)
        {
            buffer.Remove(start, text.Length).Insert(start, common);
            return start + common.Length;
        }

        if (matches.Length > 1 && listMatches)
        {
            output.Write("\n");
            WriteColumns(matches.Order(StringComparer.Ordinal).ToArray());
            output.Write(prompt);
        }

        return cursor;
    }

    /// <summary>Lists candidates as readline does: sorted down the columns, each padded to the longest plus two.</summary>
    private void WriteColumns(string[] matches)
    {
        var width = matches.Max(m => m.Length) + 2;
        int screen;
        try
        {
            screen = Console.WindowWidth;
        }
        catch (IOException)
        {
            screen = 80;
        }

        var columns = Math.Max(1, screen / width);
        var rows = (matches.Length + columns - 1) / columns;
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var index = row + column * rows;
                if (index >= matches.Length)
                {
                    break;
                }

                var last = column + 1 >= columns || index + rows >= matches.Length;
                output.Write(last ? matches[index] : matches[index].PadRight(width));
            }

            output.Write("\n");
        }
    }

    private void Redraw(string prompt, StringBuilder buffer, int cursor)
    {
        output.Write('\r');
        output.Write(prompt);
        output.Write(buffer.ToString());
        output.Write("\x1b[K");
        var back = buffer.Length - cursor;
        if (back > 0)
        {
            output.Write($"\x1b[{back}D");
        }

        output.Flush();
    }

    private static string CommonPrefix(string[] items)
    {
        var prefix = items[0];
        foreach (var item in items.Skip(1))
        {
            var n = 0;
            while (n < prefix.Length && n < item.Length && prefix[n] == item[n])
            {
                n++;
            }

            prefix = prefix[..n];
        }

        return prefix;
    }
}

/// <summary>Ctrl-C at a prompt.</summary>
internal sealed class InterruptedException : Exception;
