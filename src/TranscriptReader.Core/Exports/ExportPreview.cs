using CsvHelper;

namespace TranscriptReader.Core.Exports;

public sealed record ExportTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// The first rows of a CSV export as a table for the Export page. The rows go through the same CSV
/// writer as the download and are read back, so the preview shows exactly the cells a spreadsheet gets.
/// </summary>
public sealed class ExportPreview(ExportService exports)
{
    public const int Rows = 20;

    public Task<ExportTable> LoadAsync(ExportKind kind, ExportFilter filter, CancellationToken ct = default) => kind switch
    {
        ExportKind.LabelCounts => ReadBackAsync(exports.LabelCountsAsync(filter, Rows, ct), ct),
        ExportKind.LabelTranscripts => ReadBackAsync(exports.LabelTranscriptsAsync(filter, Rows, ct), ct),
        ExportKind.Pivot => ReadBackAsync(exports.PivotAsync(filter, Rows, ct), ct),
        _ => ReadBackAsync(exports.TaggingsAsync(filter, Rows, ct), ct),
    };

    private static async Task<ExportTable> ReadBackAsync<T>(IAsyncEnumerable<T> rows, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await ExportWriters.WriteCsvAsync(rows, buffer, ct);
        using var reader = CsvReader.Create(buffer.ToArray(), CsvReaderOptions.Default);
        var table = new List<IReadOnlyList<string>>();
        while (reader.Read())
        {
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = reader.GetString(i);
            }
            table.Add(cells);
        }
        return new ExportTable([.. reader.Headers], table);
    }
}
