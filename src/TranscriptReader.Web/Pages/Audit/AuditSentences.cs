using System.Globalization;
using System.Text.Json;

namespace TranscriptReader.Web.Pages.Audit;

/// <summary>The names an audit page shows instead of ids, looked up once for the entries of one page.</summary>
/// <param name="Users">User id → display name.</param>
/// <param name="Labels">Label id → name.</param>
/// <param name="Transcripts">Transcript id → title.</param>
/// <param name="TaggingTranscripts">Tagging id → its transcript's id, for taggings that still exist.</param>
/// <param name="BlockTranscripts">Block id → its transcript's id.</param>
public sealed record AuditNames(
    IReadOnlyDictionary<string, string> Users,
    IReadOnlyDictionary<int, string> Labels,
    IReadOnlyDictionary<long, string> Transcripts,
    IReadOnlyDictionary<long, long> TaggingTranscripts,
    IReadOnlyDictionary<long, long> BlockTranscripts)
{
    public static readonly AuditNames None = new(new Dictionary<string, string>(), new Dictionary<int, string>(),
        new Dictionary<long, string>(), new Dictionary<long, long>(), new Dictionary<long, long>());

    public string User(string? id) => id is null ? "someone" : Users.GetValueOrDefault(id, "an unknown reader");

    public string Label(int id) => Labels.TryGetValue(id, out var name) ? $"“{name}”" : $"label #{id}";
}

/// <summary>What an audit entry names, as the page shows it: text, and the page it links to when there is one.</summary>
public sealed record AuditSubject(string Text, string? Href);

/// <summary>
/// Audit entries as sentences ("merged “sycophancy” into “flattery”, 120 taggings moved"), with readers' display
/// names instead of user ids. Pure: the names come in <see cref="AuditNames"/>, so one page's entries cost one
/// lookup per kind of name. An action this class does not know is shown as its details' fields.
/// </summary>
public static class AuditSentences
{
    /// <summary>The subject of an entry and where it links.</summary>
    /// <param name="targetType">The entry's target type (label, tagging, comment, transcript, user, …).</param>
    /// <param name="targetId">The target's id as text.</param>
    /// <param name="details">The entry's details.</param>
    /// <param name="names">Names for the ids.</param>
    /// <param name="isAdmin">Whether the viewer may open the admin pages (users, settings).</param>
    public static AuditSubject Subject(string targetType, string targetId, JsonElement details, AuditNames names, bool isAdmin)
    {
        _ = long.TryParse(targetId, NumberStyles.None, CultureInfo.InvariantCulture, out var id);
        switch (targetType)
        {
            case "label":
                return new AuditSubject(names.Labels.TryGetValue((int)id, out var label) ? $"label “{label}”" : $"label #{id}", $"/Labels/{id}");
            case "transcript":
                return new AuditSubject(names.Transcripts.TryGetValue(id, out var title) ? $"transcript “{title}”" : $"transcript #{id}",
                    $"/Transcripts/{id}");
            case "tagging":
                if (names.TaggingTranscripts.TryGetValue(id, out var transcript))
                {
                    return new AuditSubject($"tagging #{id}", $"/Transcripts/{transcript}#tag-{id}");
                }
                // A removed tagging: its passage is still there.
                return Long(details, "blockId") is { } block && names.BlockTranscripts.TryGetValue(block, out var holder)
                    ? new AuditSubject($"tagging #{id} (removed)", $"/Transcripts/{holder}#block-{block}")
                    : new AuditSubject($"tagging #{id} (removed)", null);
            case "comment":
                return new AuditSubject($"comment #{id}", $"/Comments/{id}");
            case "user":
                return new AuditSubject(names.User(targetId), isAdmin ? $"/Admin/Users#user-{targetId}" : null);
            case "invitation":
                return new AuditSubject($"invitation #{id}", "/Invitations");
            case "setting":
                return new AuditSubject($"setting {targetId}", isAdmin ? "/Admin/Settings" : null);
            default:
                return new AuditSubject($"{targetType} #{targetId}", null);
        }
    }

    /// <summary>The entry as a sentence whose subject is the actor (shown before it): "merged “a” into “b”, …".</summary>
    /// <param name="action">The entry's action, e.g. <c>label.merge</c>.</param>
    /// <param name="details">The entry's details.</param>
    /// <param name="names">Names for the ids.</param>
    public static string Sentence(string action, JsonElement details, AuditNames names)
    {
        string Text(string name) => Str(details, name) ?? "";
        string Count(string name, string one, string many) => Plural(Long(details, name) ?? 0, one, many);
        string Labels(string name) => Join(Ints(details, name).Select(names.Label));
        return action switch
        {
            "label.merge" => $"merged {Labels("sourceIds")} into {names.Label(Int(details, "targetId"))}, "
                + $"{Count("moved", "tagging", "taggings")} moved, {Count("collapsed", "duplicate tagging", "duplicate taggings")} folded together",
            "label.merge.undo" => $"undid merge #{Long(details, "mergeId")}: {Labels("sourceIds")} split from "
                + $"{names.Label(Int(details, "targetId"))} again, {Count("moved", "tagging", "taggings")} moved back, "
                + $"{Count("restored", "folded tagging", "folded taggings")} restored",
            "label.create" => $"created the label “{Text("Name")}” ({Text("Color")})",
            "label.rename" => $"renamed the label “{Text("from")}” to “{Text("to")}” (the old name stays an alias)",
            "label.recolor" => $"changed the label's colour from {Text("from")} to {Text("to")}",
            "label.shortcut" => Str(details, "to") is { } key
                ? $"set the label's shortcut key to “{key}”" : "removed the label's shortcut key",
            "label.describe" => $"changed the label's description ({Count("length", "character", "characters")})",
            "tagging.revise" => Revision(details),
            "tagging.delete" => $"removed {names.User(Str(details, "owner"))}'s tagging “{Text("label")}” of “{Text("quote")}”",
            "comment.hide" => $"hid a comment by {names.User(Str(details, "authorId"))}"
                + (Str(details, "reason") is { Length: > 0 } why ? $": “{why}”" : ""),
            "comment.unhide" => "showed a hidden comment again"
                + (Str(details, "previousReason") is { Length: > 0 } was ? $" (it had been hidden: “{was}”)" : ""),
            "thread.lock" => "locked the discussion (no new comments)",
            "thread.unlock" => "reopened the discussion",
            "setting.change" => $"set it to {Text("value")}",
            "password.reset-link" => $"made a password-reset link for {Text("UserName")}",
            "password.reset" => details.TryGetProperty("byAdmin", out var byAdmin) && byAdmin.ValueKind == JsonValueKind.True
                ? "set a new password with a link an admin made" : "set a new password with an emailed link",
            "invitation.create" => $"made an invitation for {Text("role")}s, {Count("maxUses", "use", "uses")}"
                + (Str(details, "expiresAt") is { } until && DateTimeOffset.TryParse(until, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                    ? $", valid until {at.UtcDateTime:yyyy-MM-dd}" : "")
                + (Str(details, "note") is { Length: > 0 } note ? $", for “{note}”" : ""),
            "invitation.revoke" => "revoked the invitation",
            "role.grant" => $"made {Text("UserName")} {Text("role")}",
            "role.revoke" => $"took the {Text("role")} role from {Text("UserName")}",
            "account.rename" => $"changed their display name from “{Text("from")}” to “{Text("to")}”",
            "account.unlock" => $"unlocked sign-in for {Text("UserName")}",
            "account.delete" => "deleted their account",
            "transcript.roles" => "changed speaker roles: " + Join(Items(details, "changes").Select(c =>
                $"{Str(c, "speaker") ?? "no name"} from {Str(c, "from")} to {Str(c, "to")} ({Plural(Long(c, "messages") ?? 0, "message", "messages")})")),
            _ => Fields(details),
        };
    }

    private static string Revision(JsonElement d)
    {
        var parts = new List<string>();
        if (Str(d, "FromLabel") != Str(d, "ToLabel"))
        {
            parts.Add($"relabelled a tagging from “{Str(d, "FromLabel")}” to “{Str(d, "ToLabel")}”");
        }
        if (Str(d, "FromQuote") != Str(d, "ToQuote") || Long(d, "FromStart") != Long(d, "ToStart"))
        {
            parts.Add($"{(parts.Count == 0 ? "moved a tagging" : "moved it")} from “{Str(d, "FromQuote")}” to “{Str(d, "ToQuote")}”");
        }
        if (parts.Count == 0)
        {
            parts.Add("changed a tagging");
        }
        return string.Join(" and ", parts) + $", {Plural(Long(d, "VotesCleared") ?? 0, "vote", "votes")} cleared";
    }

    /// <summary>Unknown actions: "field: value" pairs, so nothing recorded is hidden.</summary>
    private static string Fields(JsonElement d) => d.ValueKind != JsonValueKind.Object ? "" : string.Join("; ",
        d.EnumerateObject().Select(p => $"{p.Name}: {(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())}"));

    private static string Plural(long n, string one, string many) =>
        $"{n.ToString("N0", CultureInfo.InvariantCulture)} {(n == 1 ? one : many)}";

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list[..^1]) + " and " + list[^1];
    }

    private static JsonElement? Find(JsonElement d, string name)
    {
        if (d.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var p in d.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value;
            }
        }
        return null;
    }

    private static string? Str(JsonElement d, string name) => Find(d, name) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Null } or null => null,
        { } other => other.GetRawText(),
    };

    internal static long? Long(JsonElement d, string name) =>
        Find(d, name) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out var v) ? v : null;

    private static int Int(JsonElement d, string name) => (int)(Long(d, name) ?? 0);

    private static IEnumerable<JsonElement> Items(JsonElement d, string name) =>
        Find(d, name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray().ToList() : [];

    internal static IEnumerable<int> Ints(JsonElement d, string name) =>
        Items(d, name).Where(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out _)).Select(e => e.GetInt32());

    /// <summary>User ids named in the details (authors, owners), for the names lookup.</summary>
    internal static IEnumerable<string> UserIds(JsonElement d) =>
        new[] { Str(d, "authorId"), Str(d, "owner") }.OfType<string>();

    /// <summary>Label ids named in the details (merges).</summary>
    internal static IEnumerable<int> LabelIds(JsonElement d) =>
        Ints(d, "sourceIds").Concat(Long(d, "targetId") is { } t ? [(int)t] : []);
}
