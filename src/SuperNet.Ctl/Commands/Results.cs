using System.Globalization;
using System.Numerics;
using SuperNet.Core.Supervision;
using SuperNet.Ctl.Rpc;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Commands;

/// <summary>
/// Prints per-process results of start/stop/signal/clear (or collects them for --json) and folds
/// their codes into the exit status: the command's ignored code and SUCCESS leave it alone,
/// SPAWN_ERROR / ABNORMAL_TERMINATION / NOT_RUNNING give 7, anything else 1.
/// </summary>
internal sealed class Results(Controller ctl, Func<Fault, string?> describe, Fault? ignored, FailedAs failedAs = FailedAs.Unknown)
{
    private readonly List<XmlRpcValue> collected = [];

    public void AddAll(IEnumerable<XmlRpcStruct> results)
    {
        foreach (var result in results)
        {
            var (code, exact) = Status(result["status"]);
            Add(result.Str("group"), result.Str("name"), code, exact, result.Str("description"));
        }
    }

    /// <summary>
    /// A result's status as supervisorctl compares and prints it: Python's int of any width, which equals no
    /// known code when it is wider than 32 bits (a cast would have made 2**32 + 10 BAD_NAME).
    /// </summary>
    private static (Fault Code, BigInteger Exact) Status(XmlRpcValue? status) => status switch
    {
        XmlRpcInt i => ((Fault)XmlRpcInt.Clamp(i.Value), i.Value),
        XmlRpcBigInteger b => ((Fault)(b.Value.Sign < 0 ? int.MinValue : int.MaxValue), b.Value),
        XmlRpcBoolean b => ((Fault)(b.Value ? 1 : 0), b.Value ? 1 : 0),
        _ => (0, 0),
    };

    /// <summary>One process addressed by name: the call's success or fault becomes a result.</summary>
    public void Single(string group, string? process, Func<XmlRpcValue> call)
    {
        try
        {
            call();
        }
        catch (RpcFaultException e)
        {
            Add(group, process, e.Code, e.ExactCode, e.Message);
            return;
        }

        Add(group, process, Fault.Success, (int)Fault.Success, "OK");
    }

    public void GroupMissing(string group, RpcFaultException fault, int exitStatus)
    {
        collected.Add(Struct(group, null, fault.ExactCode, fault.Message));
        if (!ctl.Settings.Json)
        {
            ctl.Say($"{group}: ERROR (no such group)");
        }

        ctl.ExitStatus = exitStatus;
    }

    public void Publish()
    {
        if (ctl.Settings.Json)
        {
            ctl.JsonResult = new XmlRpcArray(collected);
        }
    }

    private void Add(string group, string? process, Fault code, BigInteger exact, string description)
    {
        // A process-less namespec ("g:*") reaching a per-process call prints as Python formats None.
        var namespec = Namespec.Make(group, process ?? "None");
        var text = describe(code);
        string line;
        if (text is not null)
        {
            line = namespec + ": " + text;
        }
        else if (code == Fault.Failed && failedAs == FailedAs.BareText)
        {
            // stop and signal print a FAILED result as the bare fault text.
            line = description;
        }
        else if (code == Fault.Failed && failedAs == FailedAs.Error)
        {
            line = $"{namespec}: ERROR ({Reason(description, namespec)})";
        }
        else
        {
            throw new UnknownResultException($"Unknown result code {exact.ToString(CultureInfo.InvariantCulture)} for {namespec}");
        }

        collected.Add(Struct(group, process, exact, description));
        if (!ctl.Settings.Json)
        {
            ctl.Out.WriteLine(line);
        }

        if (code == Fault.Success || code == ignored)
        {
            return;
        }

        ctl.ExitStatus = code is Fault.SpawnError or Fault.AbnormalTermination or Fault.NotRunning
            ? ExitCodes.NotRunning
            : ExitCodes.Generic;
    }

    // "FAILED: app: its dependency db is FATAL (depends_on)" (a fault) or "app: its ..." (a result's description).
    private static string Reason(string description, string namespec)
    {
        const string failed = "FAILED: ";
        var reason = description.StartsWith(failed, StringComparison.Ordinal) ? description[failed.Length..] : description;
        return reason.StartsWith(namespec + ": ", StringComparison.Ordinal) ? reason[(namespec.Length + 2)..] : reason;
    }

    private static XmlRpcStruct Struct(string group, string? process, BigInteger code, string description) => new(
    [
        new("name", process is null ? XmlRpcValue.Nil : process),
        new("group", group),
        new("status", code >= int.MinValue && code <= int.MaxValue ? (XmlRpcValue)(int)code : new XmlRpcBigInteger(code)),
        new("description", description),
    ]);
}

/// <summary>
/// How a FAILED result prints: stop and signal print its bare text, as supervisorctl does; start, which
/// supervisord never fails that way (supernetd does, for a depends_on that cannot be met), says
/// "name: ERROR (reason)" where supervisorctl would stop with a ValueError naming only the code.
/// </summary>
internal enum FailedAs
{
    Unknown,
    BareText,
    Error,
}

/// <summary>A result code the command has no text for; supervisorctl fails with a ValueError.</summary>
internal sealed class UnknownResultException(string message) : Exception(message);
