using TranscriptReader.Core.Taggings;

namespace TranscriptReader.Core.Exports;

/// <summary>
/// Filters shared by every export, already resolved: label ids are canonical (merges followed),
/// readers are user ids. Null or empty means "no restriction".
/// </summary>
public sealed record ExportFilter
{
    public int? CollectionId { get; init; }
    public IReadOnlyList<int> LabelIds { get; init; } = [];
    public IReadOnlyList<string> ReaderIds { get; init; } = [];
    /// <summary>Taggings created at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }
    /// <summary>Taggings created strictly before this instant.</summary>
    public DateTimeOffset? Before { get; init; }
    public string? BlockKind { get; init; }
    public TaggingStatusKind? Status { get; init; }
    /// <summary>Pivot only: "collection", "model" or a key of the transcript metadata JSON.</summary>
    public string? PivotKey { get; init; }
    /// <summary>
    /// Pivot only: leave out the transcripts that lack the key (the group with an empty value), so every group is
    /// a share of transcripts that have the key. Query parameter <c>denominator=with_key</c>.
    /// </summary>
    public bool OnlyWithKey { get; init; }
}

/// <summary>
/// The filters as a user typed them (the query string of the export API and of the Export page), before
/// <see cref="ExportFilterParser"/> validates them. Query parameter names: docs/exports.md.
/// </summary>
public sealed record ExportQuery
{
    public string? Collection { get; init; }
    public IReadOnlyList<string> Labels { get; init; } = [];
    public IReadOnlyList<string> Readers { get; init; } = [];
    public string? From { get; init; }
    public string? To { get; init; }
    public string? BlockKind { get; init; }
    public string? Status { get; init; }
    public string? Key { get; init; }
    /// <summary>Pivot only: <c>all</c> (the default) or <c>with_key</c>.</summary>
    public string? Denominator { get; init; }
}
