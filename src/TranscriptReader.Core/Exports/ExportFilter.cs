using TranscriptReader.Core.Taggings;

namespace TranscriptReader.Core.Exports;

/// <summary>The five exports. The API names are the URL segments of /api/v1/exports/{name}.</summary>
public enum ExportKind
{
    LabelCounts,
    LabelTranscripts,
    Pivot,
    Taggings,
    Annotations,
}

public static class ExportKinds
{
    /// <summary>URL names of the CSV exports, in the order the Export page lists them.</summary>
    public static readonly IReadOnlyList<(ExportKind Kind, string Name, string Title)> Csv =
    [
        (ExportKind.LabelCounts, "label-counts", "Tag counts per label"),
        (ExportKind.LabelTranscripts, "label-transcripts", "Per label × transcript"),
        (ExportKind.Pivot, "pivot", "Pivot by metadata"),
        (ExportKind.Taggings, "taggings", "Raw taggings"),
    ];

    public static ExportKind? FromName(string? name) =>
        Csv.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)) is { Name: not null } k
            ? k.Kind
            : null;

    public static string NameOf(ExportKind kind) => Csv.First(k => k.Kind == kind).Name;
}

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
}

/// <summary>The filters as a user typed them (query string or form), before validation.</summary>
public sealed record ExportQuery
{
    public string? Collection { get; init; }
    public IReadOnlyList<string> Labels { get; init; } = [];
    public IReadOnlyList<string> Readers { get; init; } = [];
    public string? From { get; init; }
    public string? To { get; init; }
    public string? Kind { get; init; }
    public string? Status { get; init; }
    public string? Key { get; init; }
}
