using CsvHelper;

namespace TranscriptReader.Core.Exports;

public sealed record ExportTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// The first rows of an export as a table for the Export page (<see cref="ExportDefinition.PreviewAsync"/>).
/// The rows go through the same CSV writer as the download and are read back, so the preview shows exactly
/// the cells a spreadsheet gets.
/// </summary>
public static class ExportPreview
{
    public const int Rows = 20;

    internal static async Task<ExportTable> ReadBackAsync<T>(IAsyncEnumerable<T> rows, CancellationToken ct)
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
