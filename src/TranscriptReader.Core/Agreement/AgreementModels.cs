namespace TranscriptReader.Core.Agreement;

/// <summary>Which transcripts agreement counts: as for exports, a collection and a metadata "key=value" (both optional).</summary>
/// <param name="CollectionId">Only transcripts of this collection.</param>
/// <param name="MetadataJson">Only transcripts whose metadata contains this JSON object (see <see cref="Transcripts.MetadataFilter"/>).</param>
public sealed record AgreementFilter(int? CollectionId, string? MetadataJson)
{
    public static readonly AgreementFilter None = new(null, null);

    public bool IsNone => CollectionId is null && MetadataJson is null;

    public string Key => $"{CollectionId}|{MetadataJson}";
}

/// <summary>A live label as agreement lists it.</summary>
public sealed record AgreementLabel(int Id, string Name, string Color);

/// <summary>
/// Krippendorff's alpha of one label over the counted transcripts (see docs/agreement.md). Units, readers and
/// transcripts describe the reliability data and are the same for every label under one filter.
/// </summary>
/// <param name="Label">The live label (merged labels' taggings count for it).</param>
/// <param name="Alpha">Krippendorff's alpha, nominal, over all units pooled; null when D_e = 0.</param>
/// <param name="CiLow">Lower end of the 95 % bootstrap interval over transcripts.</param>
/// <param name="CiHigh">Upper end of that interval.</param>
/// <param name="Units">Tokens of the counted transcripts.</param>
/// <param name="Readers">Distinct done readers (coders) of the counted transcripts.</param>
/// <param name="Transcripts">Transcripts with at least two done readers.</param>
/// <param name="Prevalence">Share of all (token, coder) values that are 1.</param>
/// <param name="TaggedBy">Done readers who applied the label in a counted transcript.</param>
/// <param name="TaggedIn">Counted transcripts where a done reader applied the label.</param>
public sealed record LabelAgreement(
    AgreementLabel Label, double? Alpha, double? CiLow, double? CiHigh, long Units, int Readers, int Transcripts,
    double Prevalence, int TaggedBy, int TaggedIn);

public sealed record AgreementOverview(int Transcripts, int Readers, long Units, IReadOnlyList<LabelAgreement> Labels);

/// <summary>Two readers on one label: over the counted transcripts both marked done, the tokens on which their values agree.</summary>
public sealed record ReaderPairAgreement(string ReaderA, string ReaderB, int Transcripts, long Tokens, long AgreeingTokens)
{
    public double Share => Tokens == 0 ? 0 : (double)AgreeingTokens / Tokens;
}

/// <summary>
/// A passage where done readers split on a label: a maximal run of tokens in one block that some but not all
/// of the transcript's done readers tagged. <see cref="Disagreement"/> is the run's share of the observed
/// disagreement (Σ over its tokens of k(m − k)/(m − 1)), so the first passages are those that lower alpha most.
/// </summary>
/// <param name="TranscriptId">The transcript of the passage.</param>
/// <param name="Title">Its title.</param>
/// <param name="BlockId">The block holding the passage.</param>
/// <param name="Start">UTF-16 offset of the run's first token in the block.</param>
/// <param name="End">UTF-16 offset just past the run's last token.</param>
/// <param name="TaggedBy">Done readers who tagged some token of the run.</param>
/// <param name="Excerpt">The passage's text, shortened to 300 characters.</param>
/// <param name="Readers">Done readers of the transcript.</param>
/// <param name="Disagreement">Σ over the run's tokens of k(m − k)/(m − 1).</param>
/// <param name="TaggingId">A tagging of the label by a done reader in the run, for a link to the passage.</param>
public sealed record SplitPassage(
    long TranscriptId, string Title, long BlockId, int Start, int End, string Excerpt, int TaggedBy, int Readers,
    double Disagreement, long? TaggingId);

public sealed record LabelAgreementDetail(LabelAgreement Summary, IReadOnlyList<ReaderPairAgreement> Pairs, IReadOnlyList<SplitPassage> Splits);
