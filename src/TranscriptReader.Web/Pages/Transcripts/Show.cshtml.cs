using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Rendering;
using TranscriptReader.Core.Tagging;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Web.Pages.Transcripts;

/// <summary>
/// The reading page: one transcript with everyone's highlights rendered server-side, and the data
/// the tagging script needs embedded as JSON. Loads everything in a fixed handful of queries.
/// </summary>
public sealed class ShowModel(AppDbContext db, TaggingQueries taggingQueries, DiscussionService discussion) : PageModel
{
    /// <summary>Blocks longer than this start collapsed (their full text stays in the page).</summary>
    public const int LongBlockChars = 4000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record BlockView(long Id, string Kind, string? Caption, int Length, string Html);

    public sealed record MessageView(int Ordinal, string Role, string? Speaker, IReadOnlyList<BlockView> Blocks);

    public sealed record MetadataEntry(string Key, string Value, bool IsJson);

    /// <summary>Taggings with the same block, span and label, listed once in the sidebar.</summary>
    public sealed record TaggingGroup(long FirstId, int LabelId, string Label, string Color, string Quote, IReadOnlyList<TaggingView> Taggings)
    {
        public string UserIds => string.Join(' ', Taggings.Select(t => t.UserId));
    }

    public sealed record LabelOption(int Id, string Name, string Color, string? Key, IReadOnlyList<string> Aliases);

    public Transcript Transcript { get; private set; } = null!;
    public string? CollectionName { get; private set; }
    public string? ImportedBy { get; private set; }
    public IReadOnlyList<MessageView> Messages { get; private set; } = [];
    public IReadOnlyList<MetadataEntry> Metadata { get; private set; } = [];
    public IReadOnlyList<TaggingView> Taggings { get; private set; } = [];
    public IReadOnlyList<TaggingGroup> Groups { get; private set; } = [];
    public IReadOnlyList<(string Id, string Name)> Readers { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> UsedLabels { get; private set; } = [];
    public string? UserId { get; private set; }
    public bool CanModerate { get; private set; }
    public int DiscussionCount { get; private set; }
    public IReadOnlyDictionary<long, int> TaggingCommentCounts { get; private set; } = new Dictionary<long, int>();
    public string SourceText => Transcript.SourceLocator is null ? Transcript.Source : Transcript.Source + " — " + Transcript.SourceLocator;
    public bool IsScratchpadFormat => Transcript.Format == TranscriptFormats.AlignmentFaking;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var transcript = await db.Transcripts.AsNoTracking().Include(t => t.Collection).SingleOrDefaultAsync(t => t.Id == id, ct);
        if (transcript is null)
        {
            return NotFound();
        }
        Transcript = transcript;
        CollectionName = transcript.Collection?.Name;
        UserId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        CanModerate = User.IsInRole(Roles.Moderator) || User.IsInRole(Roles.Admin);
        if (transcript.ImportedById is { } importer)
        {
            ImportedBy = await db.Users.Where(u => u.Id == importer).Select(u => u.UserName).SingleOrDefaultAsync(ct);
        }

        var messages = await db.Messages.AsNoTracking().Where(m => m.TranscriptId == id).OrderBy(m => m.Ordinal)
            .Select(m => new { m.Id, m.Ordinal, m.Role, m.Speaker }).ToListAsync(ct);
        // Projected so the stored full-text vector is not loaded.
        var blocks = await db.Blocks.AsNoTracking().Where(b => b.TranscriptId == id).OrderBy(b => b.Ordinal)
            .Select(b => new { b.Id, b.MessageId, b.Kind, b.Text, b.Caption }).ToListAsync(ct);
        Taggings = await taggingQueries.ForTranscriptAsync(id, UserId, ct);

        var spansByBlock = Taggings.ToLookup(t => t.BlockId, t => new HighlightSpan(t.Id, t.Start, t.End, t.LabelId, t.Color));
        var blocksByMessage = blocks.ToLookup(b => b.MessageId);
        Messages = messages.ConvertAll(m => new MessageView(m.Ordinal, m.Role, m.Speaker,
            blocksByMessage[m.Id].Select(b => new BlockView(b.Id, b.Kind, b.Caption, b.Text.Length,
                HighlightRenderer.Render(b.Text, spansByBlock[b.Id].ToList()))).ToList()));

        Groups = Taggings.GroupBy(t => (t.BlockId, t.Start, t.End, t.LabelId))
            .Select(g => new TaggingGroup(g.First().Id, g.Key.LabelId, g.First().Label, g.First().Color, g.First().Quote, g.ToList()))
            .ToList();
        Readers = Taggings.GroupBy(t => t.UserId).Select(g => (g.Key, g.First().User))
            .OrderBy(r => r.User, StringComparer.CurrentCultureIgnoreCase).ToList();
        UsedLabels = Taggings.GroupBy(t => t.LabelId).Select(g => (g.Key, g.First().Label))
            .OrderBy(l => l.Label, StringComparer.CurrentCultureIgnoreCase).ToList();
        Metadata = ParseMetadata(transcript.MetadataJson);
        DiscussionCount = (await discussion.CountsForTranscriptsAsync([id], ct)).GetValueOrDefault(id);
        TaggingCommentCounts = await discussion.CountsForTaggingsAsync(Taggings.Select(t => t.Id), ct);
        return Page();
    }

    /// <summary>The taggings as JSON for the page script. The default encoder escapes &lt;, &gt; and &amp;, so the JSON cannot end the script element.</summary>
    public string TaggingsJson() => JsonSerializer.Serialize(Taggings, Json);

    public string PageJson() => JsonSerializer.Serialize(new
    {
        transcriptId = Transcript.Id,
        userId = UserId,
        canModerate = CanModerate,
        commentCounts = TaggingCommentCounts,
        loginUrl = "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(Request.Path + Request.QueryString),
    }, Json);

    /// <summary>Canonical labels with aliases for the popover; only signed-in readers get the popover.</summary>
    public async Task<string> LabelsJsonAsync(CancellationToken ct)
    {
        if (UserId is null)
        {
            return "[]";
        }
        var labels = await db.Labels.AsNoTracking().Where(l => l.MergedIntoId == null).OrderBy(l => l.Name)
            .Select(l => new { l.Id, l.Name, l.Color, l.ShortcutKey }).ToListAsync(ct);
        var aliases = (await db.LabelAliases.AsNoTracking().Select(a => new { a.LabelId, a.Alias }).ToListAsync(ct))
            .ToLookup(a => a.LabelId, a => a.Alias);
        return JsonSerializer.Serialize(labels.ConvertAll(l => new LabelOption(
            l.Id, l.Name, l.Color, l.ShortcutKey?.ToString(), aliases[l.Id].ToList())), Json);
    }

    public static string RoleLabel(string role) => role switch
    {
        MessageRoles.System => "System",
        MessageRoles.User => "User",
        MessageRoles.Assistant => "Assistant",
        MessageRoles.Tool => "Tool",
        _ => role,
    };

    public string? KindLabel(string kind) => kind switch
    {
        BlockKinds.Reasoning => IsScratchpadFormat ? "Scratchpad" : "Reasoning",
        BlockKinds.DraftOutput => "Draft output (inside the scratchpad)",
        BlockKinds.RedactedReasoning => "Reasoning redacted",
        BlockKinds.Output => "Output",
        BlockKinds.ToolCall => "Tool call",
        BlockKinds.ToolResult => "Tool result",
        _ => null,
    };

    /// <summary>The start of a quote for the sidebar, never cutting an emoji in half.</summary>
    public static string Excerpt(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }
        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..cut] + "…";
    }

    public static bool IsReasoning(string kind) =>
        kind is BlockKinds.Reasoning or BlockKinds.DraftOutput or BlockKinds.RedactedReasoning;

    private static List<MetadataEntry> ParseMetadata(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [new MetadataEntry("(metadata)", doc.RootElement.GetRawText(), true)];
            }
            return doc.RootElement.EnumerateObject().Select(p => p.Value.ValueKind switch
            {
                JsonValueKind.String => new MetadataEntry(p.Name, p.Value.GetString() ?? "", false),
                JsonValueKind.Object or JsonValueKind.Array => new MetadataEntry(p.Name, p.Value.GetRawText(), true),
                _ => new MetadataEntry(p.Name, p.Value.GetRawText(), false),
            }).ToList();
        }
        catch (JsonException)
        {
            return [new MetadataEntry("(metadata)", json, true)];
        }
    }
}
