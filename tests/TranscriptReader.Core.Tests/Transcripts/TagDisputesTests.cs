using System.Collections.Immutable;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Tests.Transcripts;

/// <summary>The tag list's entries: a tag and its counter-labels on the same span are one dispute.</summary>
public sealed class TagDisputesTests
{
    private static TaggingView View(long id, int label, string user, int start = 0, int end = 5, long block = 1, long? alternativeTo = null, int agrees = 0) =>
        new(id, block, start, end, "quote", "", "", label, "label " + label, "#000000", "label " + label, user, user,
            agrees, 0, 0, "proposed", DateTimeOffset.UnixEpoch, alternativeTo);

    /// <summary>Groups as the page query makes them: same block, span and label.</summary>
    private static ImmutableArray<TaggingGroup> Groups(params TaggingView[] taggings) =>
        [.. taggings.GroupBy(t => (t.BlockId, t.Start, t.End, t.LabelId))
            .Select(g => new TaggingGroup(g.First().Id, g.Key.LabelId, g.First().Label, g.First().Color, g.First().Quote, [.. g]))];

    [Fact]
    public void A_tag_and_its_counter_labels_are_one_entry_with_each_label_once()
    {
        var entries = TagDisputes.Of(Groups(
            View(1, 10, "ada", agrees: 1),
            View(2, 10, "bo", agrees: 2),
            View(3, 20, "cy", alternativeTo: 1, agrees: 2),
            View(4, 30, "dee", alternativeTo: 1),
            View(5, 10, "ada", start: 7, end: 9)));

        Assert.Equal(2, entries.Length);
        var dispute = entries[0];
        Assert.True(dispute.IsDispute);
        Assert.Equal([10, 20, 30], dispute.Tags.Select(t => t.LabelId));
        Assert.Equal(1, dispute.FirstId);
        Assert.Equal(4, dispute.Readers);
        Assert.Equal([10, 20, 30], dispute.ByAgrees.Select(t => t.LabelId));
        Assert.Equal([3, 2, 0], dispute.ByAgrees.Select(t => t.Agrees));
        Assert.False(entries[1].IsDispute);
    }

    [Fact]
    public void The_same_label_on_the_same_span_without_a_counter_label_is_no_dispute()
    {
        var entries = TagDisputes.Of(Groups(View(1, 10, "ada"), View(2, 20, "bo"), View(3, 10, "cy")));

        Assert.Equal(2, entries.Length);
        Assert.All(entries, e => Assert.False(e.IsDispute));
        Assert.Equal(2, entries[0].Tags[0].Taggings.Length);
    }

    [Fact]
    public void A_link_whose_spans_no_longer_match_joins_nothing()
    {
        // The counter-label's span was adjusted; the stored link survives only until the revision clears it.
        var entries = TagDisputes.Of(Groups(View(1, 10, "ada"), View(2, 20, "bo", start: 1, alternativeTo: 1), View(3, 30, "cy", alternativeTo: 99)));

        Assert.Equal(3, entries.Length);
        Assert.All(entries, e => Assert.False(e.IsDispute));
    }
}
