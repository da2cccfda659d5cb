using CsvHelper;

namespace TranscriptReader.Core.Agreement;

/// <summary>One row of agreement.csv (columns and order: docs/exports.md); undefined alpha or interval is an empty cell.</summary>
[CsvRecord]
public sealed partial record AgreementRow(
    [CsvColumn("label_id")] int LabelId,
    [CsvColumn("label")] string Label,
    [CsvColumn("alpha")] double? Alpha,
    [CsvColumn("ci_low")] double? CiLow,
    [CsvColumn("ci_high")] double? CiHigh,
    [CsvColumn("units")] long Units,
    [CsvColumn("readers")] int Readers,
    [CsvColumn("transcripts")] int Transcripts,
    [CsvColumn("prevalence")] double Prevalence,
    [CsvColumn("tagged_by")] int TaggedBy,
    [CsvColumn("tagged_in")] int TaggedIn)
{
    public static AgreementRow From(LabelAgreement a) =>
        new(a.Label.Id, a.Label.Name, a.Alpha, a.CiLow, a.CiHigh, a.Units, a.Readers, a.Transcripts, a.Prevalence, a.TaggedBy, a.TaggedIn);
}
