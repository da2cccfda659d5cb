using System.Collections.Immutable;
using TranscriptReader.Core.Taggings;

namespace TranscriptReader.Core.Transcripts;

/// <summary>
/// One entry of the tag list: a tag alone, or a dispute — a tag and the tags that answer it with counter-labels
/// (taggings whose <c>alternativeTo</c> names one of its taggings) on exactly the same span.
/// </summary>
/// <param name="Tags">The entry's tags, the one answered first (lowest first tagging id); one tag when nobody disputes it.</param>
/// <remarks>
/// A dispute is one entry standing for its tags: every count of tags (the header, the list's badge) still counts
/// each competing label as a tag (docs/reading.md), and the entry says how many tags it holds.
/// </remarks>
public sealed record TagEntry(ImmutableArray<TaggingGroup> Tags)
{
    /// <summary>Whether this entry holds competing labels.</summary>
    public bool IsDispute => Tags.Length > 1;

    /// <summary>The first tagging of the first tag, for the permalink.</summary>
    public long FirstId => Tags[0].FirstId;

    /// <summary>Every tagging of the entry.</summary>
    public IEnumerable<TaggingView> Taggings => Tags.SelectMany(g => g.Taggings);

    /// <summary>The competing tags with the most agree votes first (ties: the one answered first), as "goal guarding 3 · doubts 2" reads.</summary>
    public IEnumerable<TaggingGroup> ByAgrees => Tags.OrderByDescending(g => g.Agrees).ThenBy(g => g.FirstId);

    /// <summary>Distinct readers with a tagging in the entry.</summary>
    public int Readers => Taggings.Select(t => t.UserId).Distinct(StringComparer.Ordinal).Count();
}

/// <summary>Groups a page's tags into tag-list entries (<see cref="TagEntry"/>).</summary>
public static class TagDisputes
{
    /// <summary>
    /// The entries, in the order of each entry's first tag in <paramref name="groups"/> (reading order). Tags are
    /// joined when one of their taggings is a counter-label of a tagging of the other on the same block and span;
    /// a link whose ends no longer share the span (an adjusted span) joins nothing.
    /// </summary>
    public static ImmutableArray<TagEntry> Of(IReadOnlyList<TaggingGroup> groups)
    {
        var groupOf = new Dictionary<long, int>();
        for (var i = 0; i < groups.Count; i++)
        {
            foreach (var t in groups[i].Taggings)
            {
                groupOf[t.Id] = i;
            }
        }
        var parent = Enumerable.Range(0, groups.Count).ToArray();
        int Find(int i)
        {
            while (parent[i] != i)
            {
                i = parent[i] = parent[parent[i]];
            }
            return i;
        }
        for (var i = 0; i < groups.Count; i++)
        {
            foreach (var t in groups[i].Taggings)
            {
                if (t.AlternativeTo is { } other && groupOf.TryGetValue(other, out var j) && SameSpan(groups[i], groups[j]))
                {
                    var (a, b) = (Find(i), Find(j));
                    parent[Math.Max(a, b)] = Math.Min(a, b);
                }
            }
        }
        return [.. Enumerable.Range(0, groups.Count)
            .GroupBy(Find)
            .OrderBy(g => g.Min())
            .Select(g => new TagEntry([.. g.Select(i => groups[i]).OrderBy(x => x.FirstId)]))];
    }

    private static bool SameSpan(TaggingGroup a, TaggingGroup b)
    {
        var (x, y) = (a.Taggings[0], b.Taggings[0]);
        return x.BlockId == y.BlockId && x.Start == y.Start && x.End == y.End;
    }
}
