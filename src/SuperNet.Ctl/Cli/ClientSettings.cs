namespace SuperNet.Ctl.Cli;

/// <summary>What the ctl runs with after the command line and [supervisorctl] are merged.</summary>
internal sealed class ClientSettings
{
    public required string ServerUrl { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string Prompt { get; init; } = "supervisor";

    public string? HistoryFile { get; init; }

    /// <summary>-i or no action: confirmations are asked and a 401 prompts for credentials.</summary>
    public bool Interactive { get; init; }

    public bool Json { get; init; }

    /// <summary>argv[0] as resolved at start-up: `version` says more only under supernetctl's own name.</summary>
    public string ProgramPath { get; init; } = "";

    /// <summary>
    /// Run as supernetctl, not through a link named supervisorctl (the image's): only then do `help`, completion
    /// and `status` show what supervisorctl has not, so a script written against supervisorctl reads its own text.
    /// </summary>
    public bool UnderOwnName => Path.GetFileName(ProgramPath) == "supernetctl";
}
