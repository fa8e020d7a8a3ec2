namespace SuperNet.Ctl.Shell;

/// <summary>The shell's line history, kept in a plain one-line-per-entry file like readline's.</summary>
internal sealed class History(string? file)
{
    private readonly List<string> entries = [];

    public IReadOnlyList<string> Entries => entries;

    public void Load()
    {
        if (file is null)
        {
            return;
        }

        try
        {
            entries.AddRange(File.ReadAllLines(file).Where(l => l.Length > 0));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A missing or unreadable history file just means no history, as with readline.
        }
    }

    public void Add(string line)
    {
        if (line.Trim().Length > 0)
        {
            entries.Add(line);
        }
    }

    public void Save()
    {
        if (file is null)
        {
            return;
        }

        try
        {
            File.WriteAllLines(file, entries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Saving history is best effort, as upstream's.
        }
    }
}
