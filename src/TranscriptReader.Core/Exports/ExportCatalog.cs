using TranscriptReader.Core.Data;

namespace TranscriptReader.Core.Exports;

/// <summary>
/// One research export: the file it downloads as (the URL segment of <c>/api/v1/exports/{file}</c>), its title
/// and format on the Export page, its content type, and its rows: how they are read, written, previewed, and
/// the SQL behind them. Everything that lists or serves exports goes through <see cref="ExportCatalog"/>.
/// </summary>
public abstract class ExportDefinition(string name, string extension, string title, string format, string contentType, string summary, bool needsPivotKey)
{
    /// <summary>The name the Export page uses (<c>?export=pivot</c>): the file name without its extension.</summary>
    public string Name { get; } = name;

    /// <summary>The file name, exactly the last segment of the download URL (<c>label-counts.csv</c>).</summary>
    public string FileName { get; } = name + "." + extension;

    public string Title { get; } = title;

    /// <summary>The format as readers know it: CSV, JSON Lines, W3C JSON-LD.</summary>
    public string Format { get; } = format;

    public string ContentType { get; } = contentType;

    /// <summary>One sentence for the API description.</summary>
    public string Summary { get; } = summary;

    /// <summary>The pivot groups transcripts by a metadata key, so its filter must name one.</summary>
    public bool NeedsPivotKey { get; } = needsPivotKey;

    /// <summary>The CSV exports are previewed on the Export page as a table of their first rows.</summary>
    public bool Previewable => Format == ExportCatalog.Csv;

    /// <summary>Streams every row that passes <paramref name="filter"/> to <paramref name="output"/>.</summary>
    /// <param name="exports">Reads the rows.</param>
    /// <param name="filter">A filter from <see cref="ExportFilterParser"/>.</param>
    /// <param name="output">Written asynchronously only, so a response body accepts it.</param>
    /// <param name="baseUri">The instance's address, for formats that link to transcript pages.</param>
    /// <param name="ct">Stops the query and the writing.</param>
    public abstract Task WriteAsync(ExportService exports, ExportFilter filter, Stream output, Uri baseUri, CancellationToken ct = default);

    /// <summary>The first <paramref name="rows"/> rows as the cells a spreadsheet gets from the CSV file.</summary>
    /// <param name="exports">Reads the rows.</param>
    /// <param name="filter">A filter from <see cref="ExportFilterParser"/>.</param>
    /// <param name="rows">How many rows at most.</param>
    /// <param name="ct">Stops the query.</param>
    public abstract Task<ExportTable> PreviewAsync(ExportService exports, ExportFilter filter, int rows, CancellationToken ct = default);

    /// <summary>The SQL behind the rows (no LIMIT), e.g. for the benchmark's <c>psql \copy</c> comparison.</summary>
    /// <param name="db">Names the user table as the EF model maps it.</param>
    /// <param name="filter">A filter from <see cref="ExportFilterParser"/>.</param>
    public abstract ExportSql Sql(AppDbContext db, ExportFilter filter);
}

/// <summary>The exports, in the order the Export page lists them.</summary>
public static class ExportCatalog
{
    public const string Csv = "CSV";
    private const string CsvContentType = "text/csv; charset=utf-8; header=present";

    public static IReadOnlyList<ExportDefinition> All { get; } =
    [
        new Export<LabelCountRow>("label-counts", "csv", "Tag counts per label", Csv, CsvContentType,
            "Tag counts per canonical label. Columns: docs/exports.md.", needsPivotKey: false,
            (s, f, limit, ct) => s.LabelCountsAsync(f, limit, ct), WriteCsv, (_, f) => ExportService.LabelCountsSql(f)),
        new Export<LabelTranscriptRow>("label-transcripts", "csv", "Per label × transcript", Csv, CsvContentType,
            "Tag counts per (transcript, canonical label). Columns: docs/exports.md.", needsPivotKey: false,
            (s, f, limit, ct) => s.LabelTranscriptsAsync(f, limit, ct), WriteCsv, (_, f) => ExportService.LabelTranscriptsSql(f)),
        new Export<PivotRow>("pivot", "csv", "Pivot by metadata", Csv, CsvContentType,
            "Per metadata value and label: transcripts tagged, fraction and Wilson 95 % interval (needs key=...). Columns: docs/exports.md.",
            needsPivotKey: true, (s, f, limit, ct) => s.PivotAsync(f, limit, ct), WriteCsv, (_, f) => ExportService.PivotSql(f)),
        new Export<TaggingRow>("taggings", "csv", "Raw taggings", Csv, CsvContentType,
            "One row per tagging with quote, context, reader, votes and status. Columns: docs/exports.md.", needsPivotKey: false,
            Taggings, WriteCsv, ExportService.TaggingsSql),
        new Export<TaggingRow>("annotations", "jsonl", "Raw annotations", "JSON Lines", "application/x-ndjson",
            "Raw taggings as JSON Lines: one object per tagging with the raw taggings columns.", needsPivotKey: false,
            Taggings, (rows, output, _, ct) => ExportWriters.WriteJsonLinesAsync(rows, output, ct), ExportService.TaggingsSql),
        new Export<TaggingRow>("annotations", "jsonld", "Raw annotations", "W3C JSON-LD", "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"",
            "Raw taggings as a W3C Web Annotation collection (TextQuoteSelector + TextPositionSelector).", needsPivotKey: false,
            Taggings, ExportWriters.WriteJsonLdAsync, ExportService.TaggingsSql),
    ];

    /// <summary>The export downloaded as <paramref name="fileName"/> (ignoring case), if there is one.</summary>
    public static ExportDefinition? Find(string? fileName) =>
        All.FirstOrDefault(e => string.Equals(e.FileName, fileName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The previewable export the Export page calls <paramref name="name"/> (ignoring case), if there is one.</summary>
    public static ExportDefinition? FindPreviewable(string? name) =>
        All.FirstOrDefault(e => e.Previewable && string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    private static IAsyncEnumerable<TaggingRow> Taggings(ExportService exports, ExportFilter filter, int? limit, CancellationToken ct) =>
        exports.TaggingsAsync(filter, limit, ct);

    private static Task WriteCsv<TRow>(IAsyncEnumerable<TRow> rows, Stream output, Uri baseUri, CancellationToken ct) =>
        ExportWriters.WriteCsvAsync(rows, output, ct);

    /// <summary>An export whose rows are <typeparamref name="TRow"/>: the row stream, its writer and its SQL.</summary>
    private sealed class Export<TRow>(
        string name, string extension, string title, string format, string contentType, string summary, bool needsPivotKey,
        Func<ExportService, ExportFilter, int?, CancellationToken, IAsyncEnumerable<TRow>> rows,
        Func<IAsyncEnumerable<TRow>, Stream, Uri, CancellationToken, Task> write,
        Func<AppDbContext, ExportFilter, ExportSql> sql)
        : ExportDefinition(name, extension, title, format, contentType, summary, needsPivotKey)
    {
        public override Task WriteAsync(ExportService exports, ExportFilter filter, Stream output, Uri baseUri, CancellationToken ct = default) =>
            write(rows(exports, filter, null, ct), output, baseUri, ct);

        public override Task<ExportTable> PreviewAsync(ExportService exports, ExportFilter filter, int rowCount, CancellationToken ct = default) =>
            ExportPreview.ReadBackAsync(rows(exports, filter, rowCount, ct), ct);

        public override ExportSql Sql(AppDbContext db, ExportFilter filter) => sql(db, filter);
    }
}
