using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Core.Rendering;
using TranscriptReader.Core.Taggings;

namespace TranscriptReader.Core.Transcripts;

public sealed record CompareBlock(long Id, string Kind, string Html);

public sealed record CompareMessage(int Ordinal, string Role, string? Speaker, IReadOnlyList<CompareBlock> Blocks);

/// <summary>
/// One column of the side-by-side view: a transcript's messages with everyone's highlights drawn, and its taggings
/// (with the viewer's own votes) and their comment counts for the tagging script, as on the transcript page.
/// </summary>
public sealed record CompareSide(
    long Id, string Title, string? Model, IReadOnlyList<CompareMessage> Messages, int Taggings, IReadOnlyList<CompareLegend> Labels,
    IReadOnlyList<TaggingView> Tagged, IReadOnlyDictionary<long, int> Comments);

public sealed record CompareLegend(string Label, string Color, int Count);

/// <summary>A transcript that shares a's prompt; Reason says how ("same first user message", "same label").</summary>
public sealed record CompareSuggestion(long Id, string Title, string Reason);

/// <summary>
/// Two transcripts side by side (e.g. the free-tier and paid-tier answers to one prompt), and the transcripts
/// that share a transcript's prompt: the same first user message, or the same value of a chosen metadata key.
/// </summary>
public sealed class TranscriptComparison(AppDbContext db, TaggingQueries taggings, DiscussionCounts discussion)
{
    public const int MaxSuggestions = 20;

    public async Task<Outcome<CompareSide>> SideAsync(long id, string? viewerId, CancellationToken ct = default)
    {
        var transcript = await db.Transcripts.AsNoTracking().Where(t => t.Id == id)
            .Select(t => new { t.Id, t.Title, t.Model }).SingleOrDefaultAsync(ct);
        if (transcript is null)
        {
            return Failure.NotFound($"There is no transcript {id}.");
        }
        var messages = await db.Messages.AsNoTracking().Where(m => m.TranscriptId == id).OrderBy(m => m.Ordinal)
            .Select(m => new { m.Ordinal, m.Role, m.Speaker, Blocks = m.Blocks.OrderBy(b => b.Ordinal).Select(b => new { b.Id, b.Kind, b.Text }).ToList() })
            .ToListAsync(ct);
        var tags = await taggings.ForTranscriptAsync(id, viewerId, ct);
        var spans = tags.ToLookup(t => t.BlockId, t => new HighlightSpan(t.Id, t.Start, t.End, t.LabelId, t.Color));
        var legend = tags.GroupBy(t => (t.Label, t.Color)).OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Label, StringComparer.Ordinal)
            .Select(g => new CompareLegend(g.Key.Label, g.Key.Color, g.Count())).ToList();
        return new CompareSide(transcript.Id, transcript.Title, transcript.Model,
            messages.ConvertAll(m => new CompareMessage(m.Ordinal, m.Role, m.Speaker,
                m.Blocks.ConvertAll(b => new CompareBlock(b.Id, b.Kind, HighlightRenderer.Render(b.Text, spans[b.Id].ToList()))))),
            tags.Count, legend, tags, await discussion.CountsForTaggingsAsync(tags.Select(t => t.Id), ct));
    }

    /// <summary>
    /// Transcripts with the same first user message as <paramref name="id"/> (its first block's text), and, with
    /// <paramref name="key"/>, those whose metadata has the same value under that key; each once, oldest first.
    /// </summary>
    public async Task<Outcome<List<CompareSuggestion>>> SuggestionsAsync(long id, string? key, CancellationToken ct = default)
    {
        if (!await db.Transcripts.AnyAsync(t => t.Id == id, ct))
        {
            return Failure.NotFound($"There is no transcript {id}.");
        }
        var prompt = await db.Database.SqlQuery<CompareSuggestion>($"""
            WITH firsts AS (
                SELECT DISTINCT ON (m.transcript_id) m.transcript_id, b.text
                FROM messages m JOIN blocks b ON b.message_id = m.id
                WHERE m.role = 'user'
                ORDER BY m.transcript_id, m.ordinal, b.ordinal)
            SELECT t.id AS "Id", t.title AS "Title", 'same first user message' AS "Reason"
            FROM firsts mine
            JOIN firsts other ON other.text = mine.text AND other.transcript_id <> mine.transcript_id
            JOIN transcripts t ON t.id = other.transcript_id
            WHERE mine.transcript_id = {id}
            ORDER BY t.id
            LIMIT {MaxSuggestions}
            """).ToListAsync(ct);
        if (string.IsNullOrWhiteSpace(key))
        {
            return prompt;
        }
        var byKey = await db.Database.SqlQuery<CompareSuggestion>($"""
            SELECT t.id AS "Id", t.title AS "Title", 'same ' || {key} AS "Reason"
            FROM transcripts mine
            JOIN transcripts t ON t.metadata -> {key} = mine.metadata -> {key} AND t.id <> mine.id
            WHERE mine.id = {id} AND mine.metadata -> {key} IS NOT NULL
            ORDER BY t.id
            LIMIT {MaxSuggestions}
            """).ToListAsync(ct);
        return prompt.Concat(byKey.Where(s => prompt.All(p => p.Id != s.Id))).ToList();
    }
}
