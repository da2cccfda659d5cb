namespace TranscriptReader.Core.Agreement;

/// <summary>
/// The agreement figures from transcripts' codings, with label merges applied here (a coding keeps the labels
/// as applied): pure, so tests check it against the general <see cref="Krippendorff.Nominal"/> on small cases.
/// </summary>
public static class AgreementMath
{
    public const int SplitsShown = 20;

    /// <summary>Alpha and interval of every label, from one set of bootstrap resamples.</summary>
    /// <param name="codings">The counted transcripts (at least two done readers each).</param>
    /// <param name="canonical">Applied label id → the live label it resolves to.</param>
    /// <param name="labels">The live labels to report, in the order wanted.</param>
    public static AgreementOverview Overview(IReadOnlyList<TranscriptCoding> codings, IReadOnlyDictionary<int, int> canonical, IReadOnlyList<AgreementLabel> labels)
    {
        var index = labels.Select((l, i) => (l.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var perLabel = labels.Select(_ => new List<(int Transcript, BinaryTotals Totals)>()).ToArray();
        var taggedBy = labels.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        for (var t = 0; t < codings.Count; t++)
        {
            var coding = codings[t];
            var present = coding.Coverages
                .Select(c => canonical.TryGetValue(c.LabelId, out var live) && index.TryGetValue(live, out var i) ? i : -1)
                .Where(i => i >= 0).Distinct();
            foreach (var l in present)
            {
                var id = labels[l].Id;
                var perReader = LabelSweep.PerReader(coding, raw => canonical.TryGetValue(raw, out var live) && live == id);
                perLabel[l].Add((t, LabelSweep.Totals(coding, perReader)));
                for (var r = 0; r < perReader.Length; r++)
                {
                    if (perReader[r] is not null)
                    {
                        taggedBy[l].Add(coding.Readers[r]);
                    }
                }
            }
        }
        var values = codings.Select(c => (long)c.Tokens * c.Readers.Length).ToArray();
        var intervals = Bootstrap.Intervals(values, perLabel);
        var (transcripts, readers, units) = Describe(codings);
        var rows = labels.Select((label, l) => Summarize(label, perLabel[l], values.Sum(), intervals[l], transcripts, readers, units, taggedBy[l].Count)).ToList();
        return new AgreementOverview(transcripts, readers, units, rows);
    }

    /// <summary>One label with its reader pairs (by user id) and its split runs, most disagreement first.</summary>
    public static (LabelAgreement Summary, List<ReaderPairAgreement> Pairs, List<SplitRun> Splits) Detail(
        IReadOnlyList<TranscriptCoding> codings, IReadOnlySet<int> family, AgreementLabel label)
    {
        var perLabel = new List<(int Transcript, BinaryTotals Totals)>();
        var taggedBy = new HashSet<string>(StringComparer.Ordinal);
        var pairs = new Dictionary<(string A, string B), (int Transcripts, long Tokens, long Disagreeing)>();
        var splits = new List<SplitRun>();
        for (var t = 0; t < codings.Count; t++)
        {
            var coding = codings[t];
            var perReader = LabelSweep.PerReader(coding, family.Contains);
            foreach (var (a, b, disagreeing) in LabelSweep.PairDisagreements(perReader))
            {
                // Readers are in ordinal order within a coding, so (A, B) is the same key in every transcript.
                var key = (coding.Readers[a], coding.Readers[b]);
                var sum = pairs.GetValueOrDefault(key);
                pairs[key] = (sum.Transcripts + 1, sum.Tokens + coding.Tokens, sum.Disagreeing + disagreeing);
            }
            if (perReader.All(r => r is null))
            {
                continue;
            }
            perLabel.Add((t, LabelSweep.Totals(coding, perReader)));
            taggedBy.UnionWith(coding.Readers.Where((_, r) => perReader[r] is not null));
            splits.AddRange(LabelSweep.Splits(coding, perReader));
            if (splits.Count > 4 * SplitsShown)
            {
                splits = Top(splits);
            }
        }
        var values = codings.Select(c => (long)c.Tokens * c.Readers.Length).ToArray();
        var interval = Bootstrap.Intervals(values, [perLabel])[0];
        var (transcripts, readers, units) = Describe(codings);
        var summary = Summarize(label, perLabel, values.Sum(), interval, transcripts, readers, units, taggedBy.Count);
        var pairList = pairs.Select(p => new ReaderPairAgreement(p.Key.A, p.Key.B, p.Value.Transcripts, p.Value.Tokens, p.Value.Tokens - p.Value.Disagreeing)).ToList();
        return (summary, pairList, Top(splits));
    }

    private static List<SplitRun> Top(List<SplitRun> splits) =>
        splits.OrderByDescending(s => s.Disagreement).ThenBy(s => s.TranscriptId).ThenBy(s => s.BlockId).ThenBy(s => s.FirstToken)
            .Take(SplitsShown).ToList();

    private static (int Transcripts, int Readers, long Units) Describe(IReadOnlyList<TranscriptCoding> codings) =>
        (codings.Count, codings.SelectMany(c => c.Readers).Distinct(StringComparer.Ordinal).Count(), codings.Sum(c => (long)c.Tokens));

    private static LabelAgreement Summarize(AgreementLabel label, List<(int Transcript, BinaryTotals Totals)> present, long values,
        (double Low, double High)? interval, int transcripts, int readers, long units, int taggedBy)
    {
        var pooled = present.Aggregate(new BinaryTotals(0, 0, 0), (sum, x) => sum.Add(x.Totals with { Values = 0 })) with { Values = values };
        return new LabelAgreement(label, pooled.Alpha(), interval?.Low, interval?.High, units, readers, transcripts,
            values == 0 ? 0 : (double)pooled.Ones / values, taggedBy, present.Count);
    }
}
