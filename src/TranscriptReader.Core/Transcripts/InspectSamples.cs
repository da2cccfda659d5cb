using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Core.Transcripts;

/// <summary>One sample of an Inspect eval, as stored by the importer (metadata <c>sample_id</c>, <c>epoch</c>).</summary>
/// <param name="Id">The transcript's id.</param>
/// <param name="SampleId">The sample's id within the eval (text: Inspect allows numbers and strings).</param>
/// <param name="Epoch">The epoch, as text.</param>
public sealed record InspectSample(long Id, string? SampleId, string? Epoch);

/// <summary>Where a transcript stands among the samples of its eval: "sample 3 of 12", with its neighbours.</summary>
/// <param name="Position">1-based position of the transcript.</param>
/// <param name="Count">Samples of the eval stored here (every epoch counts).</param>
/// <param name="Current">The transcript itself.</param>
/// <param name="Previous">The sample before it, if any.</param>
/// <param name="Next">The sample after it, if any.</param>
public sealed record SampleNavigation(int Position, int Count, InspectSample Current, InspectSample? Previous, InspectSample? Next);

/// <summary>
/// The sibling samples of an Inspect eval. The importer makes one transcript per sample and epoch and stores
/// the eval's <c>eval_id</c>, the <c>sample_id</c> and the <c>epoch</c> in the transcript metadata; siblings
/// are the transcripts with the same <c>eval_id</c>, ordered as Inspect's log viewer lists them: by sample id
/// (numerically when both are numbers), then epoch.
/// </summary>
/// <remarks>
/// The lookup is a containment query (<c>metadata @&gt; {"eval_id": …}</c>), which the GIN index on the metadata
/// answers without reading other transcripts. It is not part of the cached page: samples imported later do not
/// change this transcript's page version, so a cached navigation would go stale.
/// </remarks>
public sealed class InspectSamples(AppDbContext db)
{
    /// <summary>The navigation for a transcript of that eval; null when the eval has no other sample here.</summary>
    /// <param name="transcriptId">The transcript being read.</param>
    /// <param name="evalId">Its metadata <c>eval_id</c>.</param>
    /// <param name="ct">Ends the query when the reader leaves.</param>
    public async Task<SampleNavigation?> NavigationAsync(long transcriptId, string evalId, CancellationToken ct = default)
    {
        var samples = await db.Database.SqlQuery<InspectSample>($"""
            SELECT id, metadata ->> 'sample_id' AS sample_id, metadata ->> 'epoch' AS epoch
            FROM transcripts WHERE metadata @> jsonb_build_object('eval_id', {evalId}::text)
            """).ToListAsync(ct);
        if (samples.Count < 2)
        {
            return null;
        }
        samples.Sort(Compare);
        var i = samples.FindIndex(s => s.Id == transcriptId);
        if (i < 0)
        {
            return null;
        }
        return new SampleNavigation(i + 1, samples.Count, samples[i], i > 0 ? samples[i - 1] : null, i < samples.Count - 1 ? samples[i + 1] : null);
    }

    /// <summary>Sample id (numbers before text, numbers by value), then epoch, then import order.</summary>
    public static int Compare(InspectSample a, InspectSample b)
    {
        var bySample = CompareNatural(a.SampleId, b.SampleId);
        if (bySample != 0)
        {
            return bySample;
        }
        var byEpoch = CompareNatural(a.Epoch, b.Epoch);
        return byEpoch != 0 ? byEpoch : a.Id.CompareTo(b.Id);
    }

    private static int CompareNatural(string? a, string? b)
    {
        var aNumber = decimal.TryParse(a, NumberStyles.Number, CultureInfo.InvariantCulture, out var x);
        var bNumber = decimal.TryParse(b, NumberStyles.Number, CultureInfo.InvariantCulture, out var y);
        return (aNumber, bNumber) switch
        {
            (true, true) => x.CompareTo(y),
            (true, false) => -1,
            (false, true) => 1,
            _ => string.CompareOrdinal(a, b),
        };
    }
}
