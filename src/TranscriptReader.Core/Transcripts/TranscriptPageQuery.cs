using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Rendering;
using TranscriptReader.Core.Taggings;

namespace TranscriptReader.Core.Transcripts;

/// <summary>
/// The reads behind a transcript page: a cheap <see cref="StampAsync">stamp</see> on every request, and the
/// <see cref="TranscriptPage">snapshot</see> readers share, read only when no rendering of the stamped
/// version is cached.
/// </summary>
/// <remarks>
/// The stamp's versions (<c>transcript_page_version</c>: <see cref="Transcript.PageVersion"/> plus the transcript's
/// <see cref="PageVersionSlot"/>s; and <see cref="PageEpoch"/>) are moved by
/// database triggers on every write that changes what the snapshot holds, whichever app instance or tool made
/// it, so a rendering keyed by them is never stale. The snapshot is read after the stamp, so it is at least as
/// new as the version it is stored under.
/// </remarks>
public sealed class TranscriptPageQuery(AppDbContext db, TaggingQueries taggingQueries, DiscussionCounts discussion)
{
    /// <summary>
    /// The title, both versions, the Inspect eval id, the reader's own votes on this transcript (as a JSON object of tagging id
    /// to value) and done marks in one round trip: with the shared part cached, this query is most of what a request costs.
    /// Null when there is no such transcript.
    /// </summary>
    /// <remarks>
    /// Two statements rather than one with a NULL reader, so anonymous views plan no votes subquery. Sent as a plain
    /// command on the context's connection: EF cannot cache the SQL of a composed raw query with parameters, so it
    /// rebuilt it on every request under a shared lock, which under load cost more than the query itself.
    /// </remarks>
    public async Task<PageStamp?> StampAsync(long id, string? reader, CancellationToken ct = default)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }
        try
        {
            await using var cmd = new NpgsqlCommand(reader is null ? AnonymousStamp : ReaderStamp, connection);
            cmd.Parameters.AddWithValue(id);
            if (reader is not null)
            {
                cmd.Parameters.AddWithValue(reader);
            }
            await using var row = await cmd.ExecuteReaderAsync(ct);
            if (!await row.ReadAsync(ct))
            {
                return null;
            }
            return new PageStamp(row.GetString(0), row.GetInt64(1), row.GetInt64(2), row.GetString(3),
                row.IsDBNull(4) ? null : row.GetString(4), row.IsDBNull(5) ? null : row.GetFieldValue<DateTimeOffset>(5), row.GetInt32(6));
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private const string AnonymousStamp = """
        SELECT t.title, transcript_page_version(t.id), coalesce((SELECT value FROM page_epoch), 0), '{}',
               t.metadata ->> 'eval_id', NULL::timestamptz, 0
        FROM transcripts t WHERE t.id = $1
        """;

    private const string ReaderStamp = """
        SELECT t.title, transcript_page_version(t.id), coalesce((SELECT value FROM page_epoch), 0),
               coalesce((SELECT json_object_agg(v.tagging_id, v.value) FROM votes v WHERE v.user_id = $2 AND v.transcript_id = t.id), '{}')::text,
               t.metadata ->> 'eval_id',
               (SELECT d.marked_at FROM done_marks d WHERE d.transcript_id = t.id AND d.user_id = $2),
               (SELECT count(*) FROM done_marks d WHERE d.transcript_id = t.id)::int
        FROM transcripts t WHERE t.id = $1
        """;

    /// <summary>Everything readers of the transcript's page share; null when there is no such transcript.</summary>
    public async Task<TranscriptPage?> LoadAsync(long id, CancellationToken ct = default)
    {
        var transcript = await db.Transcripts.AsNoTracking().Where(t => t.Id == id)
            .Select(t => new
            {
                t.Id, t.Title, t.Model, t.Format, t.Source, t.SourceLocator, t.CharCount, t.CollectionId,
                CollectionName = t.Collection == null ? null : t.Collection.Name,
                t.ImportedAt, t.MetadataJson,
                ImportedBy = db.Users.Where(u => u.Id == t.ImportedById).Select(u => u.UserName).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (transcript is null)
        {
            return null;
        }

        var messages = await db.Messages.AsNoTracking().Where(m => m.TranscriptId == id).OrderBy(m => m.Ordinal)
            .Select(m => new { m.Id, m.Ordinal, m.Role, m.Speaker }).ToListAsync(ct);
        // Projected so the stored full-text vector is not loaded.
        var blocks = await db.Blocks.AsNoTracking().Where(b => b.TranscriptId == id).OrderBy(b => b.Ordinal)
            .Select(b => new { b.Id, b.MessageId, b.Kind, b.Text, b.Caption, b.ImageSha256 }).ToListAsync(ct);
        // No viewer: the snapshot must not depend on who asked first.
        var taggings = (await taggingQueries.ForTranscriptAsync(id, viewerId: null, ct)).ToImmutableArray();

        var spansByBlock = taggings.ToLookup(t => t.BlockId, t => new HighlightSpan(t.Id, t.Start, t.End, t.LabelId, t.Color));
        var blocksByMessage = blocks.ToLookup(b => b.MessageId);
        var pageMessages = messages.Select(m => new PageMessage(m.Ordinal, m.Role, m.Speaker,
                blocksByMessage[m.Id].Select(b => new PageBlock(b.Id, b.Kind, b.Caption, b.Text, spansByBlock[b.Id].ToImmutableArray(), b.ImageSha256)).ToImmutableArray()))
            .ToImmutableArray();
        var groups = taggings.GroupBy(t => (t.BlockId, t.Start, t.End, t.LabelId))
            .Select(g => new TaggingGroup(g.First().Id, g.Key.LabelId, g.First().Label, g.First().Color, g.First().Quote, g.ToImmutableArray()))
            .ToImmutableArray();
        var readers = taggings.GroupBy(t => t.UserId).Select(g => new PageReader(g.Key, g.First().User))
            .OrderBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase).ToImmutableArray();
        var usedLabels = taggings.GroupBy(t => t.LabelId).Select(g => new PageLabel(g.Key, g.First().Label))
            .OrderBy(l => l.Name, StringComparer.CurrentCultureIgnoreCase).ToImmutableArray();
        var (discussionCount, taggingCommentCounts) = await CommentCountsAsync(id, taggings, ct);

        var details = new TranscriptDetails(
            transcript.Id, transcript.Title, transcript.Model, transcript.Format, transcript.Source, transcript.SourceLocator,
            transcript.CharCount, transcript.CollectionId, transcript.CollectionName, transcript.ImportedAt, transcript.ImportedBy,
            ParseMetadata(transcript.MetadataJson));
        return new TranscriptPage(details, pageMessages, taggings, groups, readers, usedLabels,
            await LabelOptionsAsync(ct), discussionCount, taggingCommentCounts);
    }

    /// <summary>
    /// Counted by the discussion, which owns the rule of which comments are visible; the only use of it here,
    /// so a change to where comment counts live touches this method alone.
    /// </summary>
    private async Task<(int Discussion, FrozenDictionary<long, int> PerTagging)> CommentCountsAsync(
        long id, ImmutableArray<TaggingView> taggings, CancellationToken ct)
    {
        var discussionCount = (await discussion.CountsForTranscriptsAsync([id], ct)).GetValueOrDefault(id);
        var perTagging = await discussion.CountsForTaggingsAsync(taggings.Select(t => t.Id), ct);
        return (discussionCount, perTagging.ToFrozenDictionary());
    }

    /// <summary>Canonical labels with their aliases, by name: the tagging popover's choices (also on the side-by-side page).</summary>
    public async Task<ImmutableArray<LabelOption>> LabelOptionsAsync(CancellationToken ct = default)
    {
        var labels = await db.Labels.AsNoTracking().Where(l => l.MergedIntoId == null).OrderBy(l => l.Name)
            .Select(l => new { l.Id, l.Name, l.Color, l.ShortcutKey }).ToListAsync(ct);
        var aliases = (await db.LabelAliases.AsNoTracking().Select(a => new { a.LabelId, a.Alias }).ToListAsync(ct))
            .ToLookup(a => a.LabelId, a => a.Alias);
        return labels.Select(l => new LabelOption(l.Id, l.Name, l.Color, l.ShortcutKey?.ToString(), aliases[l.Id].ToImmutableArray()))
            .ToImmutableArray();
    }

    /// <summary>The members of a metadata object; anything else (an array, text that is not JSON) as one JSON entry.</summary>
    private static ImmutableArray<MetadataEntry> ParseMetadata(string json)
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
            }).ToImmutableArray();
        }
        catch (JsonException)
        {
            return [new MetadataEntry("(metadata)", json, true)];
        }
    }
}
