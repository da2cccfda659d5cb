using TranscriptReader.Core.Agreement;

namespace TranscriptReader.Core.Tests.Agreement;

/// <summary>
/// The token pipeline (tokens, codings, label families, sweeps) against the general coincidence-matrix alpha on
/// hand-made cases, and the pairs and split passages of one label.
/// </summary>
public sealed class AgreementMathTests
{
    private const int GoalGuarding = 1;
    private const int GoalGuardingOldName = 2;
    private const int Sycophancy = 3;

    private static readonly Dictionary<int, int> Canonical = new() { [GoalGuarding] = GoalGuarding, [GoalGuardingOldName] = GoalGuarding, [Sycophancy] = Sycophancy };

    private static readonly AgreementLabel Goal = new(GoalGuarding, "goal guarding", "#e8a33d");
    private static readonly AgreementLabel Syco = new(Sycophancy, "sycophancy", "#5b8def");

    private static TranscriptCoding Coding(long id, string[] readers, (long Id, string Text)[] blocks, params CodedSpan[] spans)
    {
        var builder = new TranscriptCoding.Builder(id, version: 1, readers);
        foreach (var span in spans)
        {
            builder.AddSpan(span);
        }
        foreach (var (blockId, text) in blocks)
        {
            builder.AddBlock(blockId, text);
        }
        return builder.Build();
    }

    /// <summary>
    /// T1: three done readers, two blocks ("a b c d" and "  e\tf  "); cy tagged "d" under the label's old name,
    /// which now resolves to goal guarding. T2: two done readers on "x y z"; a third reader is not done.
    /// </summary>
    private static List<TranscriptCoding> TwoTranscripts() =>
    [
        Coding(1, ["ada", "bo", "cy"], [(10, "a b c d"), (11, "  e\tf  ")],
            new CodedSpan("ada", GoalGuarding, 10, 0, 3),
            new CodedSpan("bo", GoalGuarding, 10, 2, 5),
            new CodedSpan("cy", GoalGuardingOldName, 10, 6, 7),
            new CodedSpan("ada", GoalGuarding, 11, 2, 3)),
        Coding(2, ["ada", "bo"], [(20, "x y z")],
            new CodedSpan("ada", GoalGuarding, 20, 2, 3),
            new CodedSpan("bo", GoalGuarding, 20, 1, 5),
            new CodedSpan("not-done", GoalGuarding, 20, 0, 5)),
    ];

    /// <summary>The same data as units × coders (ada, bo, cy), written out by hand.</summary>
    private static readonly int?[][] TwoTranscriptsByHand =
    [
        [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 0, 0],
        [0, 0, null], [1, 1, null], [0, 1, null],
    ];

    [Fact]
    public void Pooled_alpha_over_tokens_equals_the_coincidence_matrix_alpha_with_merged_labels_resolved()
    {
        var overview = AgreementMath.Overview(TwoTranscripts(), Canonical, [Goal, Syco]);

        var goal = overview.Labels[0];
        Assert.Equal(Krippendorff.Nominal(TwoTranscriptsByHand)!.Value, goal.Alpha!.Value, 12);
        Assert.Equal((2, 3, 9L), (overview.Transcripts, overview.Readers, overview.Units));
        Assert.Equal((9L, 3, 2), (goal.Units, goal.Readers, goal.Transcripts));
        Assert.Equal((3, 2), (goal.TaggedBy, goal.TaggedIn));
        Assert.Equal(9.0 / 24, goal.Prevalence, 12);
        Assert.NotNull(goal.CiLow);
        Assert.True(goal.CiLow <= goal.CiHigh);
        Assert.Null(overview.Labels[1].Alpha);
        Assert.Null(overview.Labels[1].CiLow);
        Assert.Equal(0, overview.Labels[1].TaggedIn);
    }

    [Fact]
    public void Without_the_merge_the_old_names_taggings_are_their_own_label()
    {
        var unmerged = new Dictionary<int, int> { [GoalGuarding] = GoalGuarding, [GoalGuardingOldName] = GoalGuardingOldName, [Sycophancy] = Sycophancy };
        var old = new AgreementLabel(GoalGuardingOldName, "Goal-guarding", "#000000");
        var overview = AgreementMath.Overview(TwoTranscripts(), unmerged, [Goal, old]);
        int?[][] withoutCy = TwoTranscriptsByHand.Select(u => u.ToArray()).ToArray();
        withoutCy[3][2] = 0;
        Assert.Equal(Krippendorff.Nominal(withoutCy)!.Value, overview.Labels[0].Alpha!.Value, 12);
        Assert.Equal((1, 1), (overview.Labels[1].TaggedBy, overview.Labels[1].TaggedIn));
    }

    [Fact]
    public void Detail_counts_agreeing_tokens_per_pair_and_finds_split_runs_within_blocks()
    {
        var (summary, pairs, splits) = AgreementMath.Detail(TwoTranscripts(), new HashSet<int> { GoalGuarding, GoalGuardingOldName }, Goal);

        Assert.Equal(Krippendorff.Nominal(TwoTranscriptsByHand)!.Value, summary.Alpha!.Value, 12);
        var byPair = pairs.ToDictionary(p => (p.ReaderA, p.ReaderB));
        Assert.Equal(new ReaderPairAgreement("ada", "bo", 2, 9, 5), byPair[("ada", "bo")]);
        Assert.Equal(new ReaderPairAgreement("ada", "cy", 1, 6, 2), byPair[("ada", "cy")]);
        Assert.Equal(new ReaderPairAgreement("bo", "cy", 1, 6, 3), byPair[("bo", "cy")]);

        // T1 block 10: a b c d all split (k = 1, 2, 1, 1 of 3); block 11: e; T2: z (y was tagged by both).
        Assert.Equal(
            [
                new SplitRun(1, 10, 0, 4, 3, 3, 4),
                new SplitRun(1, 11, 0, 1, 1, 3, 1),
                new SplitRun(2, 20, 2, 3, 1, 2, 1),
            ],
            splits);
    }

    [Fact]
    public void A_readers_tags_touching_across_a_block_boundary_make_two_split_runs()
    {
        var coding = Coding(5, ["ada", "bo"], [(50, "p q"), (51, "r s")],
            new CodedSpan("ada", GoalGuarding, 50, 2, 3), new CodedSpan("ada", GoalGuarding, 51, 0, 1));
        Assert.Equal([1, 3], coding.Coverages.Single().Intervals);

        var (_, _, splits) = AgreementMath.Detail([coding], new HashSet<int> { GoalGuarding }, Goal);
        Assert.Equal([new SplitRun(5, 50, 1, 2, 1, 2, 1), new SplitRun(5, 51, 0, 1, 1, 2, 1)], splits.OrderBy(s => s.BlockId));
    }

    [Fact]
    public void Readers_who_all_tag_the_same_words_have_alpha_1_and_no_splits()
    {
        var coding = Coding(6, ["ada", "bo"], [(60, "one two three four")],
            new CodedSpan("ada", GoalGuarding, 60, 4, 7), new CodedSpan("bo", GoalGuarding, 60, 5, 6));
        var (summary, pairs, splits) = AgreementMath.Detail([coding], new HashSet<int> { GoalGuarding }, Goal);
        Assert.Equal(1.0, summary.Alpha);
        Assert.Equal(1.0, pairs.Single().Share);
        Assert.Empty(splits);
    }

    [Fact]
    public void No_counted_transcripts_means_no_alpha()
    {
        var overview = AgreementMath.Overview([], Canonical, [Goal]);
        Assert.Equal((0, 0, 0L), (overview.Transcripts, overview.Readers, overview.Units));
        Assert.Null(overview.Labels.Single().Alpha);
        Assert.Null(overview.Labels.Single().CiLow);
    }

    [Fact]
    public void Tokens_are_runs_of_non_white_space_in_utf16_offsets()
    {
        var text = "  héllo\u00A0wörld 🎯x\n\u2003end";
        var tokens = BlockTokens.Of(text);
        var words = Enumerable.Range(0, tokens.Count).Select(i => text[tokens.StartOf(i)..tokens.EndOf(i)]).ToList();
        Assert.Equal(["héllo", "wörld", "🎯x", "end"], words);
        Assert.Equal(4, BlockTokens.CountOf(text));
        Assert.Equal(0, BlockTokens.CountOf(" \t\n "));
        Assert.Equal((tokens.StartOf(2), tokens.EndOf(2)), (14, 17));
    }

    [Fact]
    public void A_span_covers_the_tokens_it_overlaps_even_partly()
    {
        var tokens = BlockTokens.Of("ab cd ef");
        Assert.Equal((0, 1), tokens.Overlapped(1, 2));
        Assert.Equal((0, 2), tokens.Overlapped(1, 4));
        Assert.Equal((1, 1), tokens.Overlapped(2, 3));
        Assert.Equal((1, 2), tokens.Overlapped(2, 4));
        Assert.Equal((2, 3), tokens.Overlapped(5, 8));
    }

    [Fact]
    public void Published_label_table_kappa_and_disagreements()
    {
        var result = ReferenceComparison.Summarize(Goal, "label", "potential_faking",
        [
            (1, "t1", "potential_faking", 3, 2),
            (2, "t2", "aligned", 2, 1),
            (3, "t3", "potential_faking", 1, 0),
            (4, "t4", "aligned", 4, 3),
        ]);
        Assert.Equal(4, result.N);
        Assert.Equal([new ReferenceRow("aligned", 1, 1), new ReferenceRow("potential_faking", 1, 1)], result.Table);
        Assert.Equal(0.0, result.Kappa!.Value, 12);
        Assert.Equal([3L, 4L], result.Disagreements.Select(d => d.TranscriptId));
        Assert.Null(ReferenceComparison.Summarize(Goal, "label", null, [(1, "t1", "aligned", 2, 2)]).Kappa);
    }
}
