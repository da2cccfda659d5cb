using CsvHelper;

namespace TranscriptReader.Core.Exports;

// Column names and order are part of the export format (docs/exports.md); tests pin the headers.

[CsvRecord]
public sealed partial record LabelCountRow(
    [CsvColumn("label_id")] int LabelId,
    [CsvColumn("label")] string Label,
    [CsvColumn("aliases")] string Aliases,
    [CsvColumn("taggings")] long Taggings,
    [CsvColumn("transcripts")] long Transcripts,
    [CsvColumn("readers")] long Readers,
    [CsvColumn("agree_votes")] long AgreeVotes,
    [CsvColumn("dispute_votes")] long DisputeVotes,
    [CsvColumn("accepted")] long Accepted,
    [CsvColumn("contested")] long Contested,
    [CsvColumn("proposed")] long Proposed);

[CsvRecord]
public sealed partial record LabelTranscriptRow(
    [CsvColumn("transcript_id")] long TranscriptId,
    [CsvColumn("title")] string Title,
    [CsvColumn("collection")] string? Collection,
    [CsvColumn("model")] string? Model,
    [CsvColumn("label_id")] int LabelId,
    [CsvColumn("label")] string Label,
    [CsvColumn("taggings")] long Taggings,
    [CsvColumn("readers")] long Readers);

[CsvRecord]
public sealed partial record PivotRow(
    [CsvColumn("key")] string Key,
    [CsvColumn("value")] string? Value,
    [CsvColumn("label_id")] int LabelId,
    [CsvColumn("label")] string Label,
    [CsvColumn("transcripts")] long Transcripts,
    [CsvColumn("transcripts_tagged")] long TranscriptsTagged,
    [CsvColumn("fraction")] double Fraction,
    [CsvColumn("wilson_low")] double WilsonLow,
    [CsvColumn("wilson_high")] double WilsonHigh);

[CsvRecord]
public sealed partial record TaggingRow(
    [CsvColumn("tagging_id")] long TaggingId,
    [CsvColumn("transcript_id")] long TranscriptId,
    [CsvColumn("transcript_title")] string TranscriptTitle,
    [CsvColumn("collection")] string? Collection,
    [CsvColumn("model")] string? Model,
    [CsvColumn("message_role")] string MessageRole,
    [CsvColumn("block_id")] long BlockId,
    [CsvColumn("block_kind")] string BlockKind,
    [CsvColumn("start")] int Start,
    [CsvColumn("end")] int End,
    [CsvColumn("quote")] string Quote,
    [CsvColumn("prefix")] string Prefix,
    [CsvColumn("suffix")] string Suffix,
    [CsvColumn("label_id")] int LabelId,
    [CsvColumn("label")] string Label,
    [CsvColumn("applied_label")] string AppliedLabel,
    [CsvColumn("reader_id")] string ReaderId,
    [CsvColumn("reader")] string Reader,
    [CsvColumn("created_at")] DateTimeOffset CreatedAt,
    [CsvColumn("agree_votes")] int AgreeVotes,
    [CsvColumn("dispute_votes")] int DisputeVotes,
    [CsvColumn("vote_score")] int VoteScore,
    [CsvColumn("status")] string Status);
