using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Rendering;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Web.Pages.Transcripts;

/// <summary>
/// The reading page: one transcript with everyone's highlights rendered server-side, and the data the
/// tagging script needs embedded as JSON.
/// </summary>
/// <remarks>
/// Everything readers share (text with highlights, sidebar, taggings JSON) is rendered once per version of
/// the transcript page and kept in <see cref="RenderedPageCache"/>. A request costs one query: the version
/// (<see cref="Transcript.PageVersion"/> and <see cref="PageEpoch"/>, moved by database triggers on every
/// write, so every app instance notices writes made through any other) and a signed-in reader's own votes.
/// The shared part's data is loaded only when the cache misses.
/// </remarks>
public sealed partial class ShowModel(
    AppDbContext db, TaggingQueries taggingQueries, DiscussionCounts discussion, RenderedPageCache pages, HtmlEncoder htmlEncoder) : PageModel
{
    /// <summary>Blocks longer than this start collapsed (their full text stays in the page).</summary>
    public const int LongBlockChars = 4000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public sealed record BlockView(long Id, string Kind, string? Caption, int Length, string Html);

    public sealed record MessageView(int Ordinal, string Role, string? Speaker, IReadOnlyList<BlockView> Blocks);

    public sealed record MetadataEntry(string Key, string Value, bool IsJson);

    /// <summary>Taggings with the same block, span and label, listed once in the sidebar.</summary>
    public sealed record TaggingGroup(long FirstId, int LabelId, string Label, string Color, string Quote, IReadOnlyList<TaggingView> Taggings)
    {
        public string UserIds => string.Join(' ', Taggings.Select(t => t.UserId));
    }

    public sealed record LabelOption(int Id, string Name, string Color, string? Key, IReadOnlyList<string> Aliases);

    /// <summary>
    /// One tagging for the page script. Label and reader names are sent once each (see <see cref="SharedJson"/>)
    /// and the quote is read from the block text already in the page, so 500 taggings stay small.
    /// </summary>
    private sealed record PageTagging(
        long Id, long BlockId, int Start, int End, int LabelId, string? AppliedLabel, string UserId,
        int Agrees, int Disputes, string Status, DateTimeOffset CreatedAt, int Comments);

    public long Id { get; private set; }
    public string Title { get; private set; } = "";
    public string? UserId { get; private set; }
    public bool CanModerate { get; private set; }
    /// <summary>Names the shared part of this page, whatever its version.</summary>
    public string SharedCachePage { get; private set; } = "";
    /// <summary>Names the rendered version of the shared part; see the remarks on the class.</summary>
    public string SharedCacheKey { get; private set; } = "";
    /// <summary>The reader's votes on this transcript's taggings, as a JSON object of tagging id to +1 or -1.</summary>
    public string MyVotesJson { get; private set; } = "{}";

    // Loaded only when the shared part is rendered.
    public Transcript Transcript { get; private set; } = null!;
    public string? CollectionName { get; private set; }
    public string? ImportedBy { get; private set; }
    public IReadOnlyList<MessageView> Messages { get; private set; } = [];
    public IReadOnlyList<MetadataEntry> Metadata { get; private set; } = [];
    public IReadOnlyList<TaggingView> Taggings { get; private set; } = [];
    public IReadOnlyList<TaggingGroup> Groups { get; private set; } = [];
    public IReadOnlyList<(string Id, string Name)> Readers { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> UsedLabels { get; private set; } = [];
    public int DiscussionCount { get; private set; }
    public IReadOnlyDictionary<long, int> TaggingCommentCounts { get; private set; } = new Dictionary<long, int>();
    public string SourceText => Transcript.SourceLocator is null ? Transcript.Source : Transcript.Source + " — " + Transcript.SourceLocator;
    public bool IsScratchpadFormat => Transcript.Format == TranscriptFormats.AlignmentFaking;

    /// <summary>What a request needs before it knows whether the shared part is cached (see <see cref="StampAsync"/>).</summary>
    public sealed record PageStamp(string Title, long PageVersion, long Epoch, string MyVotes);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        UserId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = await StampAsync(id, UserId, ct);
        if (stamp is null)
        {
            return NotFound();
        }
        Id = id;
        Title = stamp.Title;
        MyVotesJson = stamp.MyVotes;
        CanModerate = User.IsInRole(Roles.Moderator) || User.IsInRole(Roles.Admin);
        // Signed-in readers get a slightly different shared part (hints, tab stops).
        SharedCachePage = $"{id}:{(UserId is null ? "anonymous" : "reader")}";
        SharedCacheKey = $"{SharedCachePage}:{stamp.PageVersion}:{stamp.Epoch}";
        return Page();
    }

    /// <summary>
    /// The title, both versions and the reader's own votes on this transcript (as a JSON object of tagging id
    /// to value) in one round trip: with the shared part cached, this query is most of what a request costs.
    /// </summary>
    /// <remarks>Two statements rather than one with a NULL reader, so anonymous views plan no votes subquery.</remarks>
    private Task<PageStamp?> StampAsync(long id, string? reader, CancellationToken ct) =>
        (reader is null
            ? db.Database.SqlQuery<PageStamp>($$"""
                SELECT t.title, transcript_page_version(t.id) AS page_version, coalesce((SELECT value FROM page_epoch), 0) AS epoch, '{}' AS my_votes
                FROM transcripts t WHERE t.id = {{id}}
                """)
            : db.Database.SqlQuery<PageStamp>($$"""
                SELECT t.title, transcript_page_version(t.id) AS page_version, coalesce((SELECT value FROM page_epoch), 0) AS epoch,
                       coalesce((SELECT json_object_agg(v.tagging_id, v.value) FROM votes v
                                 WHERE v.user_id = {{reader}} AND v.transcript_id = t.id), '{}')::text AS my_votes
                FROM transcripts t WHERE t.id = {{id}}
                """))
        .SingleOrDefaultAsync(ct);

    /// <summary>
    /// The shared part (<c>_Reader.cshtml</c>) of this version of the page as UTF-8, rendered by
    /// <paramref name="render"/> only when no instance of it is cached.
    /// </summary>
    public Task<byte[]> SharedHtmlAsync(Func<Task<IHtmlContent>> render) =>
        pages.GetOrRenderAsync(SharedCachePage, SharedCacheKey, async () =>
        {
            // Not this request's abort token: other requests may be waiting for the same rendering.
            await LoadSharedAsync(CancellationToken.None);
            var content = await render();
            await using var writer = new StringWriter(CultureInfo.InvariantCulture);
            content.WriteTo(writer, htmlEncoder);
            return Encoding.UTF8.GetBytes(writer.ToString());
        });

    private async Task LoadSharedAsync(CancellationToken ct)
    {
        var id = Id;
        var transcript = await db.Transcripts.AsNoTracking().Include(t => t.Collection).SingleOrDefaultAsync(t => t.Id == id, ct)
            ?? throw new InvalidOperationException($"Transcript {id} was deleted while its page was rendered.");
        Transcript = transcript;
        CollectionName = transcript.Collection?.Name;
        if (transcript.ImportedById is { } importer)
        {
            ImportedBy = await db.Users.Where(u => u.Id == importer).Select(u => u.UserName).SingleOrDefaultAsync(ct);
        }

        var messages = await db.Messages.AsNoTracking().Where(m => m.TranscriptId == id).OrderBy(m => m.Ordinal)
            .Select(m => new { m.Id, m.Ordinal, m.Role, m.Speaker }).ToListAsync(ct);
        // Projected so the stored full-text vector is not loaded.
        var blocks = await db.Blocks.AsNoTracking().Where(b => b.TranscriptId == id).OrderBy(b => b.Ordinal)
            .Select(b => new { b.Id, b.MessageId, b.Kind, b.Text, b.Caption }).ToListAsync(ct);
        // No viewer: the shared part must not depend on who asked first.
        Taggings = await taggingQueries.ForTranscriptAsync(id, viewerId: null, ct);

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
    }

    /// <summary>
    /// The taggings for the page script, with each label and reader name once. The default encoder escapes
    /// &lt;, &gt; and &amp;, so the JSON cannot end the script element.
    /// </summary>
    public string SharedJson() => JsonSerializer.Serialize(new
    {
        labels = Taggings.GroupBy(t => t.LabelId).ToDictionary(g => g.Key, g => new { name = g.First().Label, color = g.First().Color }),
        users = Readers.ToDictionary(r => r.Id, r => r.Name),
        taggings = Taggings.Select(t => new PageTagging(
            t.Id, t.BlockId, t.Start, t.End, t.LabelId,
            string.Equals(t.AppliedLabel, t.Label, StringComparison.Ordinal) ? null : t.AppliedLabel,
            t.UserId, t.Agrees, t.Disputes, t.Status, t.CreatedAt, TaggingCommentCounts.GetValueOrDefault(t.Id))),
    }, Json);

    /// <summary>What is particular to this request: who is reading, and their own votes.</summary>
    public string PageJson() => JsonSerializer.Serialize(new
    {
        transcriptId = Id,
        userId = UserId,
        canModerate = CanModerate,
        myVotes = JsonSerializer.Deserialize<JsonElement>(MyVotesJson),
        loginUrl = "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(Request.Path + Request.QueryString),
    }, Json);

    /// <summary>Canonical labels with aliases for the popover (rendered for signed-in readers only).</summary>
    public async Task<string> LabelsJsonAsync(CancellationToken ct)
    {
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

    /// <summary>
    /// The sidebar shows two lines of a quote, where line breaks render as spaces anyway: runs of white space
    /// become one space before the quote is cut, so hundreds of items carry no encoded line breaks.
    /// </summary>
    public static string SidebarQuote(string quote) => Excerpt(WhiteSpaceRun().Replace(quote, " "), 140);

    [System.Text.RegularExpressions.GeneratedRegex(@"\s+")]
    private static partial System.Text.RegularExpressions.Regex WhiteSpaceRun();

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
